// How a SearchQuery becomes SQL operands. Every value is bound as a parameter, never spliced into SQL, and LIKE
// patterns escape their wildcards: users type `%`, `_` and `\`, and those must match only themselves.
import type { SearchQuery, SearchWord } from '../../directory/text-key.ts';

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

/** A word the trigram indexes can look for: its text holds a trigram, and so do its digits if it has some. */
export function trigramWord(word: SearchWord): boolean {
  return ASCII_TRIGRAM.test(word.text) && (word.digits === null || word.digits.length >= 3);
}

/**
 * Whether the trigram indexes can answer this search: some word can be looked for in them (every match holds each
 * word, so that word's customers are a superset), and so can the national number, if there is one.
 */
export function trigramSearchable(search: SearchQuery): boolean {
  return search.words.some(trigramWord) && (search.national === null || search.national.length >= 3);
}

/** PostgreSQL text cannot hold U+0000, so a value containing it matches nothing stored (and cannot be bound). */
export function hasNul(...values: readonly (string | null)[]): boolean {
  return values.some((value) => value?.includes('\u0000') === true);
}

/**
 * What the short-word index (migration 5, frontline_grams) holds of `text` wherever it is stored: each of its pairs
 * of adjacent characters (a single character: itself), word by word. A row that holds the text holds them all.
 */
export function gramsOf(text: string): string[] {
  const grams = new Set<string>();
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const chars = Array.from(word);
    if (chars.length === 1) grams.add(word);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  }
  return [...grams];
}
