// The SQL of a list page, built from a few fragments with every value bound, so that its plan can be read with
// EXPLAIN (README.md lists them; test/directory/postgres-store.test.ts checks them).
import type { Scope } from '../store.ts';
import type { SearchQuery } from '../text-key.ts';
import { compareBytes, containsPattern, prefixPattern, prefixUpperBound } from './search-terms.ts';

export interface PageQuery {
  text: string;
  values: unknown[];
}

/** A position inside one tier. */
export interface Cursor {
  name: string;
  customerId: string;
}

type Bind = (value: unknown) => string;

function binder(): { values: unknown[]; bind: Bind } {
  const values: unknown[] = [];
  return { values, bind: (value) => `$${values.push(value)}` };
}

const SUMMARY_COLUMNS = 'c.customer_id, c.display_name, c.avatar, c.name_key';

/** The rows a page walks in order: the whole name index, or one worker's slice of the assignments key. */
function walk(scope: Scope, bind: Bind): { from: string; key: 'a' | 'c'; where: string[] } {
  if (scope.kind === 'all') return { from: 'customers AS c', key: 'c', where: [] };
  return {
    from: 'assignments AS a JOIN customers AS c ON c.customer_id = a.customer_id',
    key: 'a',
    where: [`a.worker_key = ${bind(scope.workerKey)}`],
  };
}

function page(from: string, k: string, where: string[], limit: string): string {
  const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  return `SELECT ${SUMMARY_COLUMNS} FROM ${from}${filter} ORDER BY ${k}.name_key, ${k}.customer_id LIMIT ${limit}`;
}

function afterCursor(k: string, after: Cursor | null, bind: Bind): string[] {
  return after === null
    ? []
    : [`(${k}.name_key, ${k}.customer_id) > (${bind(after.name)}, ${bind(after.customerId)})`];
}

/** Everyone in scope, in name order. */
export function plainPage(scope: Scope, after: Cursor | null, limit: number): PageQuery {
  const { values, bind } = binder();
  const source = walk(scope, bind);
  const where = [...source.where, ...afterCursor(source.key, after, bind)];
  return { text: page(source.from, source.key, where, bind(limit)), values };
}

/** Tier 0: names that start with the text, one index range. */
export function prefixPage(
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
): PageQuery {
  const { values, bind } = binder();
  const source = walk(scope, bind);
  const k = source.key;
  // One lower bound only, the later of the prefix and the cursor: with both, the index scan may start at the prefix
  // and filter its way to the cursor, which makes every page of a long prefix slower than the one before.
  const fromCursor = after !== null && compareBytes(after.name, search.text) >= 0;
  const lower = fromCursor ? afterCursor(k, after, bind) : [`${k}.name_key >= ${bind(search.text)}`];
  const upper = prefixUpperBound(search.text);
  const where = [...source.where, ...lower, ...(upper === null ? [] : [`${k}.name_key < ${bind(upper)}`])];
  return { text: page(source.from, k, where, bind(limit)), values };
}

// strpos, never LIKE, in filters: it has no wildcards, and it keeps the planner from trading the ordered walk for
// a trigram bitmap scan and a sort.
function tierOneFilter(k: string, search: SearchQuery, bind: Bind): string[] {
  const text = bind(search.text);
  const phone = search.digits === null ? '' : ` OR strpos(c.phone_key, ${bind(search.digits)}) > 0`;
  return [
    `strpos(${k}.name_key, ${text}) <> 1`,
    `(strpos(${k}.name_key, ${text}) > 0 OR strpos(c.email_key, ${text}) > 0${phone})`,
  ];
}

/**
 * Tier 1 by walking the index in order and testing each row: fast when matches are dense. The whole book is walked
 * on customers_by_name alone (an index-only scan, filtering on the key heads it carries); only rows that may match
 * are looked up and checked in full, so a short search that matches almost nobody does not read the whole table.
 */
export function tierOneScanPage(
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
): PageQuery {
  const { values, bind } = binder();
  if (scope.kind === 'worker') {
    const source = walk(scope, bind);
    const where = [...source.where, ...afterCursor('a', after, bind), ...tierOneFilter('a', search, bind)];
    return { text: page(source.from, 'a', where, bind(limit)), values };
  }
  const text = bind(search.text);
  const digits = search.digits === null ? null : bind(search.digits);
  const mayMatch = [
    `strpos(k.name_key, ${text}) <> 1`,
    `(strpos(k.name_key, ${text}) > 0 OR strpos(k.email_head, ${text}) > 0${
      digits === null ? '' : ` OR strpos(k.phone_head, ${digits}) > 0`
    } OR k.keys_long)`,
  ];
  const matches = `(strpos(c.name_key, ${text}) > 0 OR strpos(c.email_key, ${text}) > 0${
    digits === null ? '' : ` OR strpos(c.phone_key, ${digits}) > 0`
  })`;
  const where = [...afterCursor('k', after, bind), ...mayMatch, matches];
  const from = 'customers AS k JOIN customers AS c ON c.customer_id = k.customer_id';
  return { text: page(from, 'k', where, bind(limit)), values };
}

/** How many customers a worker has, counting no further than `max`. */
export function workerSizeQuery(workerKey: string, max: number): PageQuery {
  return {
    text: 'SELECT count(*)::int AS n FROM (SELECT 1 FROM assignments WHERE worker_key = $1 LIMIT $2) AS s',
    values: [workerKey, max],
  };
}

/**
 * Tier-1 candidates (customer ids) from the trigram indexes, at most `max`: the text in a name or an e-mail, or the
 * digits in a phone number, but not a name that starts with the text (tier 0 must not use up the budget).
 */
export function candidateQuery(search: SearchQuery, max: number): PageQuery {
  const { values, bind } = binder();
  const contains = bind(containsPattern(search.text));
  const phone = search.digits === null ? '' : ` OR c.phone_key LIKE ${bind(containsPattern(search.digits))}`;
  return {
    text: `SELECT c.customer_id FROM customers AS c
      WHERE (c.name_key LIKE ${contains} OR c.email_key LIKE ${contains}${phone})
        AND c.name_key NOT LIKE ${bind(prefixPattern(search.text))}
      LIMIT ${bind(max)}`,
    values,
  };
}

/** Tier 1 from a short candidate list: checked, scoped, sorted. */
export function tierOneCandidatePage(
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
  candidates: readonly string[],
): PageQuery {
  const { values, bind } = binder();
  const where = [
    `c.customer_id = ANY(${bind(candidates)}::text[])`,
    ...tierOneFilter('c', search, bind),
    ...afterCursor('c', after, bind),
  ];
  if (scope.kind === 'worker') where.push(inWorkerScope(bind(scope.workerKey)));
  return { text: page('customers AS c', 'c', where, bind(limit)), values };
}

/** `c` is assigned to the worker: one primary-key lookup, since a customer's row holds the rest of the key. */
export function inWorkerScope(worker: string): string {
  return `EXISTS (SELECT 1 FROM assignments AS s
    WHERE s.worker_key = ${worker} AND s.name_key = c.name_key AND s.customer_id = c.customer_id)`;
}
