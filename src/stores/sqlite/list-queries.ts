// The SQL of a list page's steps (list-steps.ts), built from fragments and kept free of values (they are bound), so
// that each shape is prepared once and its plan can be checked with EXPLAIN QUERY PLAN (README.md, the store tests).
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Cursor, PrefixStart } from '../list-plan.ts';
import { inTierOne, inTierZero, type SearchIndex } from './search-terms.ts';
import type { Params } from './statement-cache.ts';

export interface PageQuery {
  sql: string;
  params: Params;
}

// `LIMIT :limit` would make SQLite parse and plan the statement again on every call: a bound LIMIT may change the
// plan, so binding it expires the prepared statement (sqlite3ExprIsInteger marks the variable). An expression is not
// read for planning, so the statement stays prepared: 15% of a page query's time (docs/benchmarks.md).
const LIMIT = (param: string) => `LIMIT 0 + :${param}`;

/** What a page returns, read from the alias the page walks (assignments carry them too, migration 3). */
const summaryColumns = (k: 'a' | 'c') => `${k}.customer_id, ${k}.display_name, ${k}.avatar, ${k}.name_key`;

interface Source {
  from: string;
  /** The alias whose (name_key, customer_id) is the index the page walks. */
  key: 'a' | 'c';
  where: string[];
  params: Params;
}

// Worker scope walks that worker's slice of the assignments primary key, which holds everything a page returns and a
// search tests: no customers row is read, so a page is a few adjacent pages of the file however big the book.
// The whole book walks the name index, named so that SQLite never prefers a scan and a sort.
function walk(scope: Scope): Source {
  if (scope.kind === 'all') {
    return { from: 'customers AS c INDEXED BY customers_by_name', key: 'c', where: [], params: {} };
  }
  return {
    from: 'assignments AS a',
    key: 'a',
    where: ['a.worker_key = :worker'],
    params: { worker: scope.workerKey },
  };
}

function build(source: Source, where: string[], params: Params, limit: number): PageQuery {
  const k = source.key;
  const conditions = [...source.where, ...where];
  return {
    sql: `SELECT ${summaryColumns(k)} FROM ${source.from}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${k}.name_key, ${k}.customer_id ${LIMIT('limit')}`,
    params: { ...source.params, ...params, limit },
  };
}

function afterCursor(k: string, after: Cursor | null): { where: string[]; params: Params } {
  if (after === null) return { where: [], params: {} };
  return {
    where: [`(${k}.name_key, ${k}.customer_id) > (:afterName, :afterId)`],
    params: { afterName: after.name, afterId: after.customerId },
  };
}

/** Everyone in scope, in name order. */
export function plainPage(scope: Scope, after: Cursor | null, limit: number): PageQuery {
  const source = walk(scope);
  const bound = afterCursor(source.key, after);
  return build(source, bound.where, bound.params, limit);
}

/** Tier 0: names that start with the first word (one index range), holding the other words too. */
export function prefixPage(
  scope: Scope,
  search: SearchQuery,
  start: PrefixStart,
  below: string | null,
  limit: number,
): PageQuery {
  const source = walk(scope);
  const k = source.key;
  const lower =
    start.kind === 'after'
      ? afterCursor(k, start.cursor)
      : { where: [`${k}.name_key >= :from`], params: { from: start.text } };
  const where = below === null ? lower.where : [...lower.where, `${k}.name_key < :below`];
  const params = below === null ? lower.params : { ...lower.params, below };
  const rest = inTierZero(k, search);
  if (rest === null) return build(source, where, params, limit);
  return build(source, [...where, rest.sql], { ...params, ...rest.params }, limit);
}

/** Tier 1 by walking the index in order and testing each row: fast when matches are dense. */
export function tierOneScanPage(
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
): PageQuery {
  const source = walk(scope);
  const bound = afterCursor(source.key, after);
  const tier = inTierOne(source.key, search);
  return build(source, [...bound.where, tier.sql], { ...bound.params, ...tier.params }, limit);
}

/** How many customers a worker has, counting no further than `max`. */
export function workerSizeQuery(workerKey: string, max: number): PageQuery {
  return {
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM assignments WHERE worker_key = :worker ${LIMIT('max')})`,
    params: { worker: workerKey, max },
  };
}

/** Candidate customers (their name ranks, the index's rowids) for tier 1, at most `max`. */
export function candidateQuery(
  match: string,
  max: number,
  index: SearchIndex = 'customer_search',
): PageQuery {
  return {
    sql: `SELECT rowid FROM ${index} WHERE ${index} MATCH :match LIMIT :max`,
    params: { match, max },
  };
}

/** Tier 1 from a short candidate list (a JSON array of name ranks): checked, scoped, sorted. */
export function tierOneCandidatePage(
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
  candidates: string,
): PageQuery {
  const bound = afterCursor('c', after);
  const tier = inTierOne('c', search);
  const where = ['c.name_rank IN (SELECT value FROM json_each(:candidates))', tier.sql, ...bound.where];
  const params: Params = { ...tier.params, ...bound.params, candidates, limit };
  if (scope.kind === 'worker') {
    where.push(IN_WORKER_SCOPE);
    params.worker = scope.workerKey;
  }
  return {
    sql: `SELECT ${summaryColumns('c')} FROM customers AS c WHERE ${where.join(' AND ')} ORDER BY c.name_key, c.customer_id ${LIMIT('limit')}`,
    params,
  };
}

/** `c` is assigned to :worker: one primary-key lookup, since a customer's row holds the rest of the key. */
export const IN_WORKER_SCOPE = `EXISTS (SELECT 1 FROM assignments AS s
  WHERE s.worker_key = :worker AND s.name_key = c.name_key AND s.customer_id = c.customer_id)`;

/**
 * Whole-book tier 1 in name order straight from the trigram index: its rowids are name ranks (name-rank.ts), so
 * FTS5 yields the matches from just after `afterRank` in name order and the page stops after `limit` of them, however
 * far into the book they start. Each row is checked like every other tier-1 route.
 */
export function tierOneRankPage(
  search: SearchQuery,
  match: string,
  afterRank: number | null,
  limit: number,
  index: SearchIndex = 'customer_search',
): PageQuery {
  const tier = inTierOne('c', search);
  const where = [`s.${index} MATCH :match`, tier.sql];
  const params: Params = { ...tier.params, match, limit };
  if (afterRank !== null) {
    where.push('s.rowid > :afterRank');
    params.afterRank = afterRank;
  }
  return {
    sql: `SELECT ${summaryColumns('c')} FROM ${index} AS s JOIN customers AS c ON c.name_rank = s.rowid
      WHERE ${where.join(' AND ')} ORDER BY s.rowid ${LIMIT('limit')}`,
    params,
  };
}

/** The rank of the customer at a cursor, or of the last one before it when that customer is gone. */
export function rankAtQuery(after: Cursor): PageQuery {
  return {
    sql: `SELECT name_rank FROM customers INDEXED BY customers_by_name
      WHERE (name_key, customer_id) <= (:afterName, :afterId) ORDER BY name_key DESC, customer_id DESC LIMIT 1`,
    params: { afterName: after.name, afterId: after.customerId },
  };
}
