// UNKNOWN_CUSTOMERS=create: the first inbound conversation from an address nobody has creates that person's
// customer, assigned to the worker routing chose, so the rep finds them in My Customers and the CRM can adopt them
// (docs/other-callbacks.md, "Customers created from Frontline").
import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ChannelAddress } from '../directory/address.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { isoSeconds, type NewCustomerOutcome, newCustomerRecord, writeNewCustomer } from './new-customer.ts';

const CHANNEL_NAMES = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'e-mail', chat: 'chat' } as const;

/**
 * The customer_id of the stranger at this address: the same on every instance and for every message, so two at once
 * race for one id and the store's `absent` condition lets one of them win. A digest of the address's key (the E.164
 * number for SMS and WhatsApp alike, so one number is one customer) rather than the address itself: ids travel in
 * URLs, logs and the CRM's sync, and an id must not be a phone number or an e-mail address.
 */
export function strangerId(address: ChannelAddress): string {
  return `inbound-${createHash('sha256').update(address.key, 'utf8').digest('base64url').slice(0, 22)}`;
}

function displayName(address: ChannelAddress, raw: string): string {
  // An e-mail address as it was written (the store still matches it case-insensitively).
  if (address.type !== 'sms' && address.type !== 'whatsapp') return raw.trim();
  return parsePhoneNumberFromString(address.key)?.formatInternational() ?? address.key;
}

function channelValue(address: ChannelAddress, raw: string): string {
  if (address.type === 'whatsapp') return `whatsapp:${address.key}`;
  if (address.type === 'sms') return address.key;
  return raw.trim();
}

export interface StrangerOptions {
  store: CustomerStore;
  defaultCountry: CountryCode | undefined;
  now?: () => Date;
}

/** `worker` null: routing found nobody; the customer is created unassigned (the CRM assigns it). */
export async function createStranger(
  { store, defaultCountry, now = () => new Date() }: StrangerOptions,
  address: ChannelAddress,
  raw: string,
  worker: string | null,
): Promise<NewCustomerOutcome> {
  const at = isoSeconds(now());
  const body = {
    display_name: displayName(address, raw),
    channels: [{ type: address.type, value: channelValue(address, raw) }],
    details: {
      title: 'New contact',
      content: `First wrote on ${at} by ${CHANNEL_NAMES[address.type]}; not in the CRM yet.`,
    },
    workers: worker === null ? [] : [worker],
    source: 'inbound',
  };
  return writeNewCustomer(store, newCustomerRecord(body, strangerId(address), defaultCountry));
}
