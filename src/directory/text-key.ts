// Keys that make sorting and search case- and accent-insensitive. They are computed here, in one place, and
// stored beside each customer, so that every store (SQLite, PostgreSQL) sorts and matches byte for byte alike.
import type { CustomerRecord } from './customer.ts';

// Letters that Unicode decomposition leaves whole but that users type without their stroke or ligature.
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const EXTRA_FOLD_PATTERN = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'g');
const COMBINING_MARKS = /\p{M}+/gu;
const WHITESPACE = /\s+/g;

/** Lower case, no accents, single spaces: "  Zoë  ŁUKASZ " → "zoe lukasz". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(EXTRA_FOLD_PATTERN, (ch) => EXTRA_FOLDS[ch] ?? ch)
    .replace(WHITESPACE, ' ')
    .trim();
}

export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

/** The derived columns every store keeps for a customer. Multiple values are joined by '\n' so no match spans two. */
export interface CustomerKeys {
  /** fold(display_name): the sort key and the name a search matches. */
  name: string;
  /** Every e-mail address, lower-cased. */
  email: string;
  /** The digits of every phone number (sms and whatsapp channels). */
  phone: string;
}

export function customerKeys(customer: Pick<CustomerRecord, 'display_name' | 'channels'>): CustomerKeys {
  const emails: string[] = [];
  const phones: string[] = [];
  for (const channel of customer.channels ?? []) {
    if (channel.type === 'email') emails.push(channel.value.toLowerCase());
    else if (channel.type === 'sms' || channel.type === 'whatsapp') phones.push(digitsOf(channel.value));
  }
  return { name: fold(customer.display_name), email: emails.join('\n'), phone: phones.join('\n') };
}

/** A search as the stores run it: `text` is matched in name and e-mail keys, `digits` (if any) in phone keys. */
export interface SearchQuery {
  text: string;
  digits: string | null;
}

const PHONE_LIKE = /^[\d\s+().\-/]+$/;

/** Turns the app's `Query` into a SearchQuery; null when there is nothing to search for. */
export function searchQuery(query: string | undefined): SearchQuery | null {
  if (query === undefined) return null;
  const text = fold(query);
  if (text === '') return null;
  const digits = PHONE_LIKE.test(text) ? digitsOf(text) : '';
  return { text, digits: digits === '' ? null : digits };
}

/** The search's identity, to bind a page token to the search it was issued for. */
export function searchFingerprint(search: SearchQuery | null): string {
  return search === null ? '' : `${search.text}\u0000${search.digits ?? ''}`;
}

/** Worker identities match case-insensitively: this is the one key they are stored and looked up by. */
export function workerKey(identity: string): string {
  return identity.trim().toLowerCase();
}
