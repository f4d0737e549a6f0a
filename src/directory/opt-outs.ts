// What the read paths show of opt-outs: which of a customer's channels opted out and when, found with one keyed probe
// a channel (OptOutStore.optedOut), and records whose channels carry `opted_out_at` (the directory API, export).
import { type ChannelAddress, channelAddress } from './address.ts';
import type { Channel, CustomerRecord } from './customer.ts';
import { optOutKey } from './opt-out-store.ts';

export type OptedOutLookup = (addresses: readonly ChannelAddress[]) => Promise<Map<string, Date>>;

export interface ChannelOptOut {
  channel: Channel;
  optedOutAt: Date;
}

/** A channel as the directory API and export show it: with its opt-out time when it opted out. */
export type ShownChannel = Channel & { opted_out_at?: string };
export type ShownRecord = Omit<CustomerRecord, 'channels'> & { channels?: ShownChannel[] };

/** The channels among these that opted out, in their order. */
export async function channelOptOuts(
  optedOut: OptedOutLookup,
  channels: readonly Channel[] | undefined,
): Promise<ChannelOptOut[]> {
  if (channels === undefined || channels.length === 0) return [];
  const found = await optedOut(channels.map(channelAddress));
  if (found.size === 0) return [];
  return channels.flatMap((channel) => {
    const optedOutAt = found.get(optOutKey(channelAddress(channel)));
    return optedOutAt === undefined ? [] : [{ channel, optedOutAt }];
  });
}

/** The records with `opted_out_at` on each channel that opted out: one lookup for the whole batch. */
export async function withOptOutTimes(
  optedOut: OptedOutLookup,
  records: readonly CustomerRecord[],
): Promise<ShownRecord[]> {
  const addresses = records.flatMap((record) => (record.channels ?? []).map(channelAddress));
  if (addresses.length === 0) return [...records];
  const found = await optedOut(addresses);
  if (found.size === 0) return [...records];
  return records.map((record) => {
    if (record.channels === undefined) return record;
    const channels = record.channels.map((channel): ShownChannel => {
      const at = found.get(optOutKey(channelAddress(channel)));
      return at === undefined ? channel : { ...channel, opted_out_at: at.toISOString() };
    });
    return { ...record, channels };
  });
}
