// How a SearchQuery becomes SQL operands. Everything here is bound as a parameter or quoted as an FTS5 string,
// never spliced into SQL: users type `%`, `_`, `"` and parentheses, and those must match only themselves.
import type { SearchQuery } from '../../directory/text-key.ts';

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
 * The FTS5 query for tier-1 candidates: a superset of the matches (and of tier 0) in any column, which the page
 * checks row by row with instr() anyway. The first probe joins three trigrams of the text (first, middle and last
 * of those that cover it), or of the digits: about 1 ms of CPU at a million customers. When that lets through more
 * than the budget, the `precise` probe asks for the text (or digits) as a phrase, every trigram in place, before a
 * walk is chosen: slower (the position lists of every trigram, up to 10 ms for a phone number, whose "555" is in
 * most of the book) but it keeps a query that matches a few customers from walking the whole name index.
 * Trigrams are quoted strings: `"` is doubled, nothing else is syntax inside.
 */
export function tierOneMatch(search: SearchQuery, precise = false): string {
  const text = precise ? phrase(search.text) : someTrigrams(search.text);
  if (search.digits === null) return text;
  return `(${text}) OR (${precise ? phrase(search.digits) : someTrigrams(search.digits)})`;
}

/** The first, middle and last of the trigrams that cover the text end to end without overlap. */
function someTrigrams(text: string): string {
  const chars = Array.from(text);
  const cover = new Set<string>();
  for (let i = 0; i + TRIGRAM <= chars.length; i += TRIGRAM) cover.add(chars.slice(i, i + TRIGRAM).join(''));
  cover.add(chars.slice(-TRIGRAM).join(''));
  const trigrams = [...cover];
  const picked =
    trigrams.length <= 3 ? trigrams : [0, trigrams.length >> 1, trigrams.length - 1].map((i) => trigrams[i]);
  return picked.map((trigram) => phrase(trigram as string)).join(' AND ');
}

function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Byte-wise (UTF-8) comparison, the order SQLite's BINARY collation uses; JavaScript's `<` compares UTF-16. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
