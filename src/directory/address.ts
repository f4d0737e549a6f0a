// Channel addresses as the Conversations API reports them (`+1 212-555-0199`, `whatsapp:+12125550199`, an e-mail,
// a chat identity) → the one key a store indexes them by, so an inbound message finds its customer whatever the
// spelling. Stored channel values go through the same function, so both sides always agree.
import type { CountryCode } from 'libphonenumber-js';
import type { Channel, ChannelType } from './customer.ts';
import { toE164 } from './phone.ts';

export interface ChannelAddress {
  /** sms and whatsapp: the E.164 number; email: the address, ASCII lower-cased; chat: the identity as given. */
  key: string;
  /** The channel type this address came in on; a customer's channel of the same type is preferred. */
  type: ChannelType;
}

const WHATSAPP_PREFIX = /^whatsapp:/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

// ASCII only: SQLite's lower() and PostgreSQL's lower() under the "C" collation agree with it, so a key computed in a
// migration from stored values is the key computed here.
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/** The key of a stored (already normalized) channel. */
export function channelAddress(channel: Channel): ChannelAddress {
  if (channel.type === 'whatsapp')
    return { key: channel.value.replace(WHATSAPP_PREFIX, ''), type: 'whatsapp' };
  if (channel.type === 'email') return { key: asciiLower(channel.value), type: 'email' };
  return { key: channel.value, type: channel.type };
}

/** A webhook's MessagingBinding.Address → its key; null when it is no address a customer channel can hold. */
export function parseAddress(raw: string, defaultCountry?: CountryCode): ChannelAddress | null {
  const text = raw.trim();
  if (text === '') return null;
  if (WHATSAPP_PREFIX.test(text)) {
    const phone = toE164(text.replace(WHATSAPP_PREFIX, ''), defaultCountry);
    return phone.ok ? { key: phone.e164, type: 'whatsapp' } : null;
  }
  if (EMAIL.test(text)) return { key: asciiLower(text), type: 'email' };
  const phone = toE164(text, defaultCountry);
  return phone.ok ? { key: phone.e164, type: 'sms' } : null;
}

// A phone number as Conversations writes an SMS or WhatsApp participant (a message's Author, a participant's
// messaging_binding.address): it starts with +, after whatsapp: for WhatsApp.
const MESSAGING_ADDRESS = /^(whatsapp:)?\s*\+/i;

/** The SMS or WhatsApp address such a participant writes from; null for a chat identity, `system` or anything else. */
export function messagingAddress(raw: string, defaultCountry?: CountryCode): ChannelAddress | null {
  if (!MESSAGING_ADDRESS.test(raw)) return null;
  const address = parseAddress(raw, defaultCountry);
  return address?.type === 'sms' || address?.type === 'whatsapp' ? address : null;
}
