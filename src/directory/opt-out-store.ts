// The port for opt-outs, one member of every CustomerStore (`store.optOuts`). An opt-out is a fact about a channel
// address (a customer texted STOP from it), not about a CRM record: it is keyed by (channel type, address key as
// address.ts computes it), apart from the customers, so that an import or a CRM sync, which rewrite customer
// records, cannot clear it, and it holds for every customer with that address. Defined by
// test/stores/opt-out-store.test.ts, run on every store.
import type { ChannelAddress } from './address.ts';

/** An explicit change carried by an import line or an API write: a time sets the opt-out, null clears it. */
export interface OptOutChange {
  address: ChannelAddress;
  optedOutAt: Date | null;
}

export interface OptOutStore {
  /** Marks the address opted out at `at`; one already opted out keeps its first time. True when it was not before. */
  optOut(address: ChannelAddress, at: Date): Promise<boolean>;
  /** Clears the address's opt-out; true when there was one. */
  optIn(address: ChannelAddress): Promise<boolean>;
  /** The opted-out ones among these addresses, by optOutKey: one keyed probe an address, never a scan. */
  optedOut(addresses: readonly ChannelAddress[]): Promise<Map<string, Date>>;
}

/** The one string an address is told apart by in optedOut's answer. */
export function optOutKey(address: ChannelAddress): string {
  return `${address.type}\u0000${address.key}`;
}
