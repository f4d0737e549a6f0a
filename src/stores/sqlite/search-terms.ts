// How a SearchQuery becomes SQL operands. Everything here is bound as a parameter or quoted as an FTS5 string,
// never spliced into SQL: users type `%`, `_`, `"` and parentheses, and those must match only themselves.
import type { SearchQuery, SearchWord } from '../../directory/text-key.ts';
import { gramsMatch } from './short-grams.ts';
import type { Params } from './statement-cache.ts';

/** FTS5's trigram tokenizer cannot find anything shorter than one trigram. */
const TRIGRAM = 3;

const long = (text: string) => Array.from(text).length >= TRIGRAM;
/** A word the trigram index can look for: its text, and its digits if it has some, are a trigram at least. */
const trigramWord = (word: SearchWord) => long(word.text) && (word.digits === null || long(word.digits));

/**
 * Whether the trigram index can answer this search: some word can be looked for in it (every match holds each word,
 * so the index's customers for that one are a superset), and so can the national number, if there is one.
 */
export function trigramSearchable(search: SearchQuery): boolean {
  return search.words.some(trigramWord) && (search.national === null || long(search.national));
}

/**
 * The FTS5 query for tier-1 candidates: a superset of the matches (and of tier 0) in any column, which the page
 * checks row by row with instr() anyway. The first probe joins three trigrams of each word (first, middle and last
 * of those that cover it), or of its digits: about 1 ms of CPU at a million customers. When that lets through more
 * than the budget, the `precise` probe asks for each word (or its digits) as a phrase, every trigram in place, before
 * a walk is chosen: slower (the position lists of every trigram, up to 10 ms for a phone number, whose "555" is in
 * most of the book) but it keeps a query that matches a few customers from walking the whole name index.
 * Trigrams are quoted strings: `"` is doubled, nothing else is syntax inside.
 */
export function trigramMatch(search: SearchQuery, precise = false): string {
  const terms = precise ? phrase : someTrigrams;
  const words = search.words.filter(trigramWord).map((word) => {
    const text = terms(word.text);
    return word.digits === null || word.digits === word.text
      ? `(${text})`
      : `(${text} OR ${terms(word.digits)})`;
  });
  const all = [...new Set(words)].join(' AND ');
  return search.national === null ? all : `(${all}) OR (${terms(search.national)})`;
}

/** Which FTS5 table a search's probe asks: the trigram index when it can answer, else the short-word index. */
export type SearchIndex = 'customer_search' | 'customer_grams';

export function searchIndex(search: SearchQuery): SearchIndex {
  return trigramSearchable(search) ? 'customer_search' : 'customer_grams';
}

/**
 * The short-word index's query (short-grams.ts), for a search the trigram index cannot answer: each word's
 * characters and pairs (or its digits'), and the national number's, the same superset of the matches as
 * trigramMatch's and as cheap for a word of one or two characters: one term, read in rank order.
 */
export function gramsSearchMatch(search: SearchQuery): string {
  const words = search.words.map((word) => {
    const text = gramsMatch(word.text);
    return word.digits === null || word.digits === word.text
      ? `(${text})`
      : `(${text} OR ${gramsMatch(word.digits)})`;
  });
  const all = [...new Set(words)].join(' AND ');
  return search.national === null ? all : `(${all}) OR (${gramsMatch(search.national)})`;
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

/**
 * The one statement of the ranking rule (text-key.ts, SearchQuery): a row matches when each word is in its name or
 * e-mail, or the word's digits in a phone number, or the national number is in a phone number; a match is in tier 0
 * when its name starts with the first word, in tier 1 otherwise.
 */
function tierRule(k: string, search: SearchQuery): { starts: string; matches: string; params: Params } {
  const params: Params = {};
  const words = search.words.map((word, i) => {
    params[`w${i}`] = word.text;
    const inText = `instr(${k}.name_key, :w${i}) > 0 OR instr(${k}.email_key, :w${i}) > 0`;
    if (word.digits === null) return `(${inText})`;
    params[`d${i}`] = word.digits;
    return `(${inText} OR instr(${k}.phone_key, :d${i}) > 0)`;
  });
  let matches = words.join(' AND ');
  if (search.national !== null) {
    params.national = search.national;
    matches = `(${matches}) OR instr(${k}.phone_key, :national) > 0`;
  }
  return { starts: `instr(${k}.name_key, :w0) = 1`, matches: `(${matches})`, params };
}

/** The row's tier: 0, 1, or NULL when it does not match. */
export function tierOf(k: string, search: SearchQuery): { sql: string; params: Params } {
  const { starts, matches, params } = tierRule(k, search);
  return { sql: `CASE WHEN ${matches} THEN CASE WHEN ${starts} THEN 0 ELSE 1 END END`, params };
}

/** The row is a tier-1 match, as two conditions the planner can weigh one by one. */
export function inTierOne(k: string, search: SearchQuery): { sql: string; params: Params } {
  const { starts, matches, params } = tierRule(k, search);
  return { sql: `NOT ${starts} AND ${matches}`, params };
}

/**
 * What a name that starts with the first word must also hold to be in tier 0: nothing for one word (starting with it
 * is holding it), the other words for more (null: no condition).
 */
export function inTierZero(k: string, search: SearchQuery): { sql: string; params: Params } | null {
  if (search.words.length === 1) return null;
  const { matches, params } = tierRule(k, search);
  return { sql: matches, params };
}
