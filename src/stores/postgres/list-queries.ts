// The SQL of a list page that walks an index in order (README.md lists the plans; test/stores/postgres-plans.test.ts
// checks them). The trigram route's statements are in trigram-queries.ts.
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Cursor, PrefixStart } from '../list-plan.ts';
import {
  afterCursor,
  binder,
  inTierOne,
  inTierZero,
  keysOf,
  type PageQuery,
  page,
  walk,
} from './sql-fragments.ts';

/** Everyone in scope, in name order. */
export function plainPage(scope: Scope, after: Cursor | null, limit: number): PageQuery {
  const { values, bind } = binder();
  const source = walk(scope, bind);
  const where = [...source.where, ...afterCursor(source.key, after, bind)];
  return { text: page(source.from, source.key, where, bind(limit)), values };
}

/** Tier 0: names that start with the first word (one index range), holding the other words too. */
export function prefixPage(
  scope: Scope,
  search: SearchQuery,
  start: PrefixStart,
  below: string | null,
  limit: number,
): PageQuery {
  const { values, bind } = binder();
  const source = walk(scope, bind);
  const k = source.key;
  const lower =
    start.kind === 'after' ? afterCursor(k, start.cursor, bind) : [`${k}.name_key >= ${bind(start.text)}`];
  const where = [...source.where, ...lower, ...(below === null ? [] : [`${k}.name_key < ${bind(below)}`])];
  const rest = inTierZero(keysOf(k), search, bind);
  return { text: page(source.from, k, rest === null ? where : [...where, rest], bind(limit)), values };
}

/**
 * Tier 1 by walking the index in order and testing each row: fast when matches are dense. The whole book is walked
 * on customers_by_name alone (an index-only scan, testing the key heads it carries); only rows that may match are
 * looked up and tested in full, so a short search that matches almost nobody does not read the whole table.
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
    const where = [...source.where, ...afterCursor('a', after, bind), inTierOne(keysOf('a'), search, bind)];
    return { text: page(source.from, 'a', where, bind(limit)), values };
  }
  const heads = { name: 'k.name_key', email: 'k.email_head', phone: 'k.phone_head' };
  // A row whose keys are longer than their heads may match past them: it is tested in full.
  const mayMatch = `(${inTierOne(heads, search, bind)} OR k.keys_long)`;
  const where = [...afterCursor('k', after, bind), mayMatch, inTierOne(keysOf('c'), search, bind)];
  const from = 'customers AS k JOIN customers AS c ON c.customer_id = k.customer_id';
  return { text: page(from, 'k', where, bind(limit)), values };
}

/**
 * Whole-book tier 1 from the next `scan` entries of the name order only (an index-only scan, like tierOneScanPage):
 * when they hold `limit` matches, those are the page. What a search the trigram indexes cannot answer tries before
 * the short-word index's probe, whose bitmap costs as much as the word is common (list-steps.ts).
 */
export function tierOneShortWalk(
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
  scan: number,
): PageQuery {
  const { values, bind } = binder();
  const heads = { name: 'k.name_key', email: 'k.email_head', phone: 'k.phone_head' };
  const next = `SELECT s.customer_id, s.name_key, s.email_head, s.phone_head, s.keys_long FROM customers AS s
    ${after === null ? '' : `WHERE ${afterCursor('s', after, bind)[0]}`}
    ORDER BY s.name_key, s.customer_id LIMIT ${bind(scan)}`;
  const where = [`(${inTierOne(heads, search, bind)} OR k.keys_long)`, inTierOne(keysOf('c'), search, bind)];
  const from = `(${next}) AS k JOIN customers AS c ON c.customer_id = k.customer_id`;
  return { text: page(from, 'k', where, bind(limit)), values };
}
