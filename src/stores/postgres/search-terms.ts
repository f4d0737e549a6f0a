// How a SearchQuery becomes SQL operands. Every value is bound as a parameter, never spliced into SQL, and LIKE
// patterns escape their wildcards: users type `%`, `_` and `\`, and those must match only themselves.
import type { SearchQuery } from '../../directory/text-key.ts';

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
