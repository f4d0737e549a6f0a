// The pieces every list statement is built from: bound values ($1, $2…), the walk a scope takes, the tier of a row,
// the page's ORDER BY and LIMIT. Values are always bound, never spliced into SQL.
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Cursor } from '../list-plan.ts';

export interface PageQuery {
  text: string;
  values: unknown[];
}

export type Bind = (value: unknown) => string;

export function binder(): { values: unknown[]; bind: Bind } {
  const values: unknown[] = [];
  return { values, bind: (value) => `$${values.push(value)}` };
}

export const SUMMARY_COLUMNS = 'c.customer_id, c.display_name, c.avatar, c.name_key';

/** The rows a page walks in order: the whole name index, or one worker's slice of the assignments key. */
export function walk(scope: Scope, bind: Bind): { from: string; key: 'a' | 'c'; where: string[] } {
  if (scope.kind === 'all') return { from: 'customers AS c', key: 'c', where: [] };
  return {
    from: 'assignments AS a JOIN customers AS c ON c.customer_id = a.customer_id',
    key: 'a',
    where: [`a.worker_key = ${bind(scope.workerKey)}`],
  };
}

export function page(from: string, k: string, where: string[], limit: string): string {
  const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  return `SELECT ${SUMMARY_COLUMNS} FROM ${from}${filter} ORDER BY ${k}.name_key, ${k}.customer_id LIMIT ${limit}`;
}

export function afterCursor(k: string, after: Cursor | null, bind: Bind): string[] {
  return after === null
    ? []
    : [`(${k}.name_key, ${k}.customer_id) > (${bind(after.name)}, ${bind(after.customerId)})`];
}

/** The columns a tier is read from: a customer's name, e-mail and phone keys (or, in an index, their heads). */
export interface TierKeys {
  name: string;
  email: string;
  phone: string;
}

/** A page's keys: the name from the alias it walks (assignments carry it), the e-mail and phone from `c`. */
export const keysOf = (k: string): TierKeys => ({
  name: `${k}.name_key`,
  email: 'c.email_key',
  phone: 'c.phone_key',
});

/**
 * The one statement of the ranking rule (text-key.ts, SearchQuery): a row matches when each word is in its name or
 * e-mail, or the word's digits in a phone number, or the national number is in a phone number; a match is in tier 0
 * when its name starts with the first word, in tier 1 otherwise. strpos, never LIKE: it has no wildcards, and it
 * keeps the planner from trading the ordered walk for a trigram bitmap scan and a sort.
 */
function tierRule(keys: TierKeys, search: SearchQuery, bind: Bind): { starts: string; matches: string } {
  const first = bind(search.words[0]?.text ?? search.text);
  const words = search.words.map((word, i) => {
    const text = i === 0 ? first : bind(word.text);
    const inText = `strpos(${keys.name}, ${text}) > 0 OR strpos(${keys.email}, ${text}) > 0`;
    return word.digits === null
      ? `(${inText})`
      : `(${inText} OR strpos(${keys.phone}, ${bind(word.digits)}) > 0)`;
  });
  const all = words.join(' AND ');
  const matches =
    search.national === null ? all : `(${all}) OR strpos(${keys.phone}, ${bind(search.national)}) > 0`;
  return { starts: `strpos(${keys.name}, ${first}) = 1`, matches: `(${matches})` };
}

/** The row's tier: 0, 1, or NULL when it does not match. */
export function tierOf(keys: TierKeys, search: SearchQuery, bind: Bind): string {
  const { starts, matches } = tierRule(keys, search, bind);
  return `CASE WHEN ${matches} THEN CASE WHEN ${starts} THEN 0 ELSE 1 END END`;
}

// As two plain conditions, not `tierOf(...) = 1`: the planner estimates those, and a CASE compared to a constant it
// takes for rare, which made it trade the ordered walk for a sort.
export function inTierOne(keys: TierKeys, search: SearchQuery, bind: Bind): string {
  const { starts, matches } = tierRule(keys, search, bind);
  return `NOT ${starts} AND ${matches}`;
}

/** What a name that starts with the first word must also hold to be in tier 0: nothing for one word, else the rest. */
export function inTierZero(keys: TierKeys, search: SearchQuery, bind: Bind): string | null {
  return search.words.length === 1 ? null : tierRule(keys, search, bind).matches;
}

/** `c` is assigned to the worker: one primary-key lookup, since a customer's row holds the rest of the key. */
export function inWorkerScope(worker: string): string {
  return `EXISTS (SELECT 1 FROM assignments AS s
    WHERE s.worker_key = ${worker} AND s.name_key = c.name_key AND s.customer_id = c.customer_id)`;
}
