// How a SearchQuery becomes SQL operands. Everything here is bound as a parameter or quoted as an FTS5 string,
// never spliced into SQL: users type `%`, `_`, `"` and parentheses, and those must match only themselves.
import type { SearchQuery } from '../text-key.ts';

/** FTS5's trigram tokenizer cannot find anything shorter than one trigram. */
const TRIGRAM = 3;

/**
 * The smallest string above every string that starts with `prefix`, in byte (code point) order, so that
 * `name_key >= prefix AND name_key < upper` is exactly "starts with prefix"; null when there is no such bound.
 */
export function prefixUpperBound(prefix: string): string | null {
  const codePoints = Array.from(prefix, (ch) => ch.codePointAt(0) ?? 0);
  while (codePoints.length > 0) {
    const last = (codePoints.pop() ?? 0) + 1;
    if (last > 0x10ffff) continue;
    // Surrogates cannot be stored as UTF-8; the next code point that can is U+E000.
    codePoints.push(last >= 0xd800 && last <= 0xdfff ? 0xe000 : last);
    return String.fromCodePoint(...codePoints);
  }
  return null;
}

/** Whether the trigram index can answer this search: every part it searches for is at least one trigram. */
export function trigramSearchable(search: SearchQuery): boolean {
  const long = (text: string) => Array.from(text).length >= TRIGRAM;
  return long(search.text) && (search.digits === null || long(search.digits));
}

/**
 * The FTS5 query for tier-1 candidates: the text in a name or an e-mail, or the digits in a phone number, but not a
 * name that starts with the text (tier 0 is listed from the name index instead, and must not use up the budget).
 */
export function tierOneMatch(search: SearchQuery): string {
  const text = phrase(search.text);
  const anywhere = `{name_key email_key} : ${text}`;
  const either = search.digits === null ? anywhere : `(${anywhere} OR phone_key : ${phrase(search.digits)})`;
  return `${either} NOT name_key : ^${text}`;
}

function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Byte-wise (UTF-8) comparison, the order SQLite's BINARY collation uses; JavaScript's `<` compares UTF-16. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
