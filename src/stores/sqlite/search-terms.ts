// How a SearchQuery becomes SQL operands. Everything here is bound as a parameter or quoted as an FTS5 string,
// never spliced into SQL: users type `%`, `_`, `"` and parentheses, and those must match only themselves.
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Params } from './statement-cache.ts';

/** FTS5's trigram tokenizer cannot find anything shorter than one trigram. */
const TRIGRAM = 3;

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
export function trigramMatch(search: SearchQuery, precise = false): string {
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

/**
 * The one statement of the ranking rule: a row is in tier 0 of a search when its name starts with the text, in tier 1
 * when it is not and the text is in its name or e-mail or the digits in a phone number.
 */
function tierRule(k: string, search: SearchQuery): { starts: string; contains: string; params: Params } {
  const phone = search.digits === null ? '' : ` OR instr(${k}.phone_key, :digits) > 0`;
  return {
    starts: `instr(${k}.name_key, :text) = 1`,
    contains: `(instr(${k}.name_key, :text) > 0 OR instr(${k}.email_key, :text) > 0${phone})`,
    params: search.digits === null ? { text: search.text } : { text: search.text, digits: search.digits },
  };
}

/** The row's tier: 0, 1, or NULL when it does not match. */
export function tierOf(k: string, search: SearchQuery): { sql: string; params: Params } {
  const { starts, contains, params } = tierRule(k, search);
  return { sql: `CASE WHEN ${starts} THEN 0 WHEN ${contains} THEN 1 END`, params };
}

/** The row is a tier-1 match, as two conditions the planner can weigh one by one. */
export function inTierOne(k: string, search: SearchQuery): { sql: string; params: Params } {
  const { starts, contains, params } = tierRule(k, search);
  return { sql: `NOT ${starts} AND ${contains}`, params };
}
