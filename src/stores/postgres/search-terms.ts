// How a SearchQuery becomes SQL operands. Every value is bound as a parameter, never spliced into SQL, and LIKE
// patterns escape their wildcards: users type `%`, `_` and `\`, and those must match only themselves.
import type { SearchQuery } from '../../directory/text-key.ts';

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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** A LIKE pattern for "contains `text`": the shape pg_trgm's GIN index answers. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A LIKE pattern for "starts with `text`". */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

// pg_trgm builds trigrams from runs of letters and digits only, and which non-ASCII letters count depends on the
// database's LC_CTYPE. Three ASCII letters or digits in a row give a trigram in every database; a pattern without
// one makes the GIN index return every row, so such searches walk the name order instead.
const ASCII_TRIGRAM = /[a-z0-9]{3}/;

/** Whether the trigram indexes can answer this search: each part it looks for holds at least one trigram. */
export function trigramSearchable(search: SearchQuery): boolean {
  return ASCII_TRIGRAM.test(search.text) && (search.digits === null || search.digits.length >= 3);
}

/** PostgreSQL text cannot hold U+0000, so a value containing it matches nothing stored (and cannot be bound). */
export function hasNul(...values: readonly (string | null)[]): boolean {
  return values.some((value) => value?.includes('\u0000') === true);
}

/** Byte-wise (UTF-8) comparison, the order of COLLATE "C"; JavaScript's `<` compares UTF-16 code units. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
