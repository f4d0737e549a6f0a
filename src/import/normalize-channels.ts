import type { CountryCode } from 'libphonenumber-js';
import { channelAddress } from '../directory/address.ts';
import { CHANNEL_TYPES, type Channel, type ChannelType } from '../directory/customer.ts';
import type { OptOutChange } from '../directory/opt-out-store.ts';
import { toE164 } from '../directory/phone.ts';
import {
  checkMaxLength,
  echo,
  expectArray,
  expectObject,
  expectString,
  identifier,
  invalid,
  isAbsent,
  kindOf,
} from './field-rules.ts';
import { attempt, type Problem } from './problems.ts';

const MAX_CHANNELS = 20;
const MAX_EMAIL = 254;
const MAX_CHAT = 256;
// Plausible, not RFC 5322: the app only shows e-mail channels, so catching a pasted name or phone is what matters.
const EMAIL = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}.]+(\.[^\s@\p{Cc}.]+)+$/u;
const WHATSAPP_PREFIX = /^\s*whatsapp:/i;

/**
 * Channels with E.164 phone numbers, exact duplicates dropped; undefined when there are none (or none valid). A
 * channel's `opted_out_at` (an ISO 8601 time, or null to clear) is no part of the record: it goes to `optOuts`, an
 * explicit change of that address's opt-out (src/directory/opt-out-store.ts); a channel without it changes nothing.
 */
export function normalizeChannels(
  value: unknown,
  defaultCountry: CountryCode | undefined,
  problems: Problem[],
  optOuts: OptOutChange[] = [],
): Channel[] | undefined {
  if (isAbsent(value)) return undefined;
  const items = attempt(problems, () => expectArray(value, 'channels'));
  if (items === undefined) return undefined;
  const channels: Channel[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const field = `channels[${index}]`;
    const channel = attempt(problems, () => normalizeChannel(item, field, defaultCountry, problems));
    if (channel === undefined) return;
    const optedOutAt = attempt(problems, () => optOutTime(item, `${field}.opted_out_at`));
    if (optedOutAt !== undefined) optOuts.push({ address: channelAddress(channel), optedOutAt });
    const key = `${channel.type} ${channel.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    channels.push(channel);
  });
  // Counted after duplicates are dropped: the same number written twice in two formats is one channel.
  if (channels.length > MAX_CHANNELS) {
    problems.push({ field: 'channels', text: `${channels.length} channels, at most ${MAX_CHANNELS}` });
  }
  return channels.length === 0 ? undefined : channels;
}

/** The value can only be read once the type is known, so a channel with a bad type is one problem. */
function normalizeChannel(
  item: unknown,
  field: string,
  defaultCountry: CountryCode | undefined,
  problems: Problem[],
): Channel {
  const input = expectObject(item, field, ['type', 'value', 'opted_out_at'], problems);
  const type = channelType(input.type, `${field}.type`);
  return { type, value: channelValue(type, input.value, `${field}.value`, defaultCountry) };
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** undefined: absent, nothing to change; null: clear the opt-out; a time: opted out then. */
function optOutTime(item: unknown, field: string): Date | null | undefined {
  const value = (item as Record<string, unknown>).opted_out_at;
  if (value === undefined) return undefined;
  if (value === null) return null;
  const at = typeof value === 'string' && ISO_TIME.test(value.trim()) ? new Date(value.trim()) : null;
  if (at === null || Number.isNaN(at.getTime()))
    invalid(
      field,
      `${typeof value === 'string' ? echo(value) : kindOf(value)} is not an ISO 8601 time (2026-12-02T15:04:05Z) or null`,
    );
  return at;
}

function channelType(value: unknown, field: string): ChannelType {
  const type = expectString(value, field);
  const known = CHANNEL_TYPES.find((candidate) => candidate === type);
  if (known === undefined) invalid(field, `${echo(type)} is not one of ${CHANNEL_TYPES.join(', ')}`);
  return known;
}

function channelValue(
  type: ChannelType,
  value: unknown,
  field: string,
  defaultCountry: CountryCode | undefined,
): string {
  const text = expectString(value, field);
  switch (type) {
    case 'sms':
      return phone(text, field, defaultCountry);
    case 'whatsapp':
      return `whatsapp:${phone(text.replace(WHATSAPP_PREFIX, ''), field, defaultCountry)}`;
    case 'email':
      return email(text, field);
    case 'chat':
      return identifier(text, field, MAX_CHAT);
  }
}

function phone(text: string, field: string, defaultCountry: CountryCode | undefined): string {
  const result = toE164(text, defaultCountry);
  if (!result.ok) invalid(field, `${echo(text.trim())} ${result.problem}`);
  return result.e164;
}

function email(text: string, field: string): string {
  const address = text.trim();
  checkMaxLength(address, field, MAX_EMAIL);
  if (!EMAIL.test(address)) invalid(field, `${echo(address)} is not an e-mail address`);
  return address;
}
