// Keys that make sorting and search case-, accent- and punctuation-insensitive. They are computed here, in one place,
// and stored beside each customer, so that every store (SQLite, PostgreSQL) sorts and matches byte for byte alike.
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerRecord } from './customer.ts';
import { nationalForm } from './national-number.ts';

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

/**
 * Punctuation that people type in one of several ways or not at all: apostrophes of every kind are dropped
 * ("O’Brien", "O'Brien" and "OBrien" are one name), hyphens, dashes and dots separate words ("Jean-Marie" is
 * "jean marie", "zoe.adams@example.com" is "zoe adams@example com"). Stores re-key with these same lists (their
 * migrations), so they are plain characters, not Unicode classes a database regex might not know.
 */
export const DROPPED_PUNCTUATION = "'‘’‛′`ʹʻʼʽ＇";
export const SEPARATING_PUNCTUATION = '-‐‑‒–—―−﹘﹣－.․。．';
const DROPPED = new RegExp(`[${DROPPED_PUNCTUATION}]`, 'g');
const SEPARATING = new RegExp(`[${escapeClass(SEPARATING_PUNCTUATION)}]`, 'g');
const SPACES = / {2,}/g;

/**
 * Lower case, no accents, no apostrophes, hyphens and dots as spaces, single spaces:
 * "  Zoë  O’BRIEN-ŁUKASZ " → "zoe obrien lukasz".
 */
export function fold(text: string): string {
  return foldPunctuation(
    text
      .normalize('NFKD')
      .replace(COMBINING_MARKS, '')
      .toLowerCase()
      .replace(EXTRA_FOLD_PATTERN, (ch) => EXTRA_FOLDS[ch] ?? ch)
      .replace(WHITESPACE, ' ')
      .trim(),
  );
}

/** The punctuation fold alone, on one line: what turns a key stored before it into today's key. */
export function foldPunctuation(key: string): string {
  return key.replace(DROPPED, '').replace(SEPARATING, ' ').replace(SPACES, ' ').trim();
}

function escapeClass(chars: string): string {
  return chars.replace(/[-\\\]^]/g, (ch) => `\\${ch}`);
}

export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

/** The derived columns every store keeps for a customer. Multiple values are joined by '\n' so no match spans two. */
export interface CustomerKeys {
  /** fold(display_name): the sort key and the name a search matches. */
  name: string;
  /** Every e-mail address, lower-cased, punctuation folded (foldPunctuation). */
  email: string;
  /** The digits of every phone number (sms and whatsapp channels). */
  phone: string;
}

export function customerKeys(customer: Pick<CustomerRecord, 'display_name' | 'channels'>): CustomerKeys {
  const emails: string[] = [];
  const phones: string[] = [];
  for (const channel of customer.channels ?? []) {
    if (channel.type === 'email') emails.push(foldPunctuation(channel.value.toLowerCase()));
    else if (channel.type === 'sms' || channel.type === 'whatsapp') phones.push(digitsOf(channel.value));
  }
  return { name: fold(customer.display_name), email: emails.join('\n'), phone: phones.join('\n') };
}

/**
 * A search as the stores run it. A customer matches when every word is in their name key or e-mail key, or (a word
 * that looks like part of a phone number) its digits are in a phone key; or when the query is a national number
 * (`national`, below) that is in a phone key. Tier 0 holds the matches whose name starts with the first word.
 */
export interface SearchQuery {
  /** fold(query): the words, separated by single spaces. */
  text: string;
  /** The words of `text` in order, at least one (a query that looks like a phone number is one word). */
  words: readonly SearchWord[];
  /**
   * The query's digits as an international number (country code, then the rest) when it was typed in the national
   * form of DEFAULT_COUNTRY (`0 20 7946 0018` in GB → `442079460018`); else null.
   */
  national: string | null;
}

export interface SearchWord {
  text: string;
  /** Its digits, when the word looks like part of a phone number and has some (`(212)` → `212`); else null. */
  digits: string | null;
}

const PHONE_LIKE = /^[\d\s+().\-/]+$/;

export interface SearchOptions {
  /** DEFAULT_COUNTRY: a number typed with its national prefix (`0…` in GB) also matches with the country code. */
  defaultCountry?: CountryCode | undefined;
}

/** Turns the app's `Query` into a SearchQuery; null when there is nothing to search for. */
export function searchQuery(query: string | undefined, options: SearchOptions = {}): SearchQuery | null {
  if (query === undefined) return null;
  const text = fold(query);
  if (text === '') return null;
  // A query that could all be one phone number ("020 7946 0018") is one: its groups are not words to find apart.
  const words = (PHONE_LIKE.test(text) ? [text] : text.split(' ')).map((word) => {
    const digits = PHONE_LIKE.test(word) ? digitsOf(word) : '';
    return { text: word, digits: digits === '' ? null : digits };
  });
  const national = PHONE_LIKE.test(query.trim())
    ? nationalForm(digitsOf(query), query, options.defaultCountry)
    : null;
  return { text, words, national };
}
/** The search's identity, to bind a page token to the search it was issued for. */
export function searchFingerprint(search: SearchQuery | null): string {
  if (search === null) return '';
  const digits = PHONE_LIKE.test(search.text) ? digitsOf(search.text) : '';
  return `${search.text}\u0000${digits}`;
}

/** Worker identities match case-insensitively: this is the one key they are stored and looked up by. */
export function workerKey(identity: string): string {
  return identity.trim().toLowerCase();
}
