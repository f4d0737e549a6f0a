// What the callbacks beside the directory make of opt-outs: the address a GetProxyAddress asks for, the channels a
// template could go out on, and the line details show for a channel that opted out.
import type { CountryCode } from 'libphonenumber-js';
import { type ChannelAddress, channelAddress, parseAddress } from '../directory/address.ts';
import { CHANNEL_TYPES, type ChannelType, type Customer } from '../directory/customer.ts';
import type { Directory } from '../directory/directory.ts';
import { optOutKey } from '../directory/opt-out-store.ts';
import { type ChannelOptOut, channelOptOuts } from '../directory/opt-outs.ts';

/**
 * Whether a new conversation on this channel would reach an address that opted out: the ChannelValue asked for when
 * given (one keyed probe), else every channel of that type the customer has (none: not opted out).
 */
export async function outgoingOptedOut(
  directory: Directory,
  customer: Customer,
  channelType: string,
  channelValue: string | undefined,
  defaultCountry: CountryCode | undefined,
): Promise<boolean> {
  const type = CHANNEL_TYPES.find((known) => known === channelType.trim().toLowerCase());
  if (type === undefined) return false;
  const value = channelValue?.trim() ?? '';
  const addresses: ChannelAddress[] =
    value === ''
      ? (customer.channels ?? []).filter((channel) => channel.type === type).map(channelAddress)
      : [askedAddress(type, value, defaultCountry)];
  if (addresses.length === 0) return false;
  const found = await directory.optedOut(addresses);
  return addresses.every((address) => found.has(optOutKey(address)));
}

/** The key as address.ts computes it, of the type asked for: Frontline may send a WhatsApp value without its prefix. */
function askedAddress(
  type: ChannelType,
  value: string,
  defaultCountry: CountryCode | undefined,
): ChannelAddress {
  const parsed = parseAddress(value, defaultCountry);
  if (parsed !== null && (type === 'sms' || type === 'whatsapp') && parsed.type !== 'email')
    return { type, key: parsed.key };
  return channelAddress({ type, value });
}

/** True when the customer has SMS or WhatsApp channels and every one opted out: no template can go out. */
export async function everyMessagingChannelOptedOut(
  directory: Directory,
  customer: Customer,
): Promise<boolean> {
  const messaging = (customer.channels ?? []).filter((c) => c.type === 'sms' || c.type === 'whatsapp');
  if (messaging.length === 0) return false;
  const opted = await channelOptOuts(directory.optedOut, messaging);
  return opted.length === messaging.length;
}

const LABELS: Record<ChannelType, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  email: 'E-mail',
  chat: 'Chat',
};

/** "SMS +12125550199 opted out on 2026-12-02 15:04 UTC": the app renders details.content as plain text. */
export function optOutLine({ channel, optedOutAt }: ChannelOptOut): string {
  const value = channel.type === 'whatsapp' ? channel.value.replace(/^whatsapp:/, '') : channel.value;
  const when = `${optedOutAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${LABELS[channel.type]} ${value} opted out on ${when}`;
}

/** The customer with a line a channel that opted out at the end of its details (a block of its own when none). */
export async function withOptOutNote(directory: Directory, customer: Customer): Promise<Customer> {
  const opted = await channelOptOuts(directory.optedOut, customer.channels);
  if (opted.length === 0) return customer;
  const lines = opted.map(optOutLine).join('\n');
  const details =
    customer.details === undefined
      ? { title: 'Opted out', content: lines }
      : { title: customer.details.title, content: `${customer.details.content}\n\n${lines}` };
  return { ...customer, details };
}
