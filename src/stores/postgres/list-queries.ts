// The SQL of a list page that walks an index in order (README.md lists the plans; test/stores/postgres-plans.test.ts
// checks them). The trigram route's statements are in trigram-queries.ts.
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import { compareBytes, prefixUpperBound } from './search-terms.ts';
import {
  afterCursor,
  binder,
  type Cursor,
  type PageQuery,
  page,
  tierOneFilter,
  walk,
} from './sql-fragments.ts';

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
