// One list page: tier 0 (names that start with the search text) from an index range, then, if the page is not full,
// tier 1 (every other match) by the cheaper of two routes. See README.md for why each route is fast where it is used.
import type { ListedCustomer, ListQuery, Position, Scope } from '../store.ts';
import type { SearchQuery } from '../text-key.ts';
import {
  type Cursor,
  candidateQuery,
  type PageQuery,
  plainPage,
  prefixPage,
  tierOneCandidatePage,
  tierOneScanPage,
  workerSizeQuery,
} from './list-queries.ts';
import { trigramSearchable } from './search-terms.ts';
import type { Prepare } from './statement-cache.ts';

interface SummaryRow {
  customer_id: string;
  display_name: string;
  avatar: string | null;
  name_key: string;
}

export function listCustomers(
  prepare: Prepare,
  query: ListQuery,
  ftsCandidateLimit: number,
): ListedCustomer[] {
  const { scope, search, after } = query;
  const limit = Math.floor(query.limit);
  // Past the last tier there is nothing: tier 1 without a search, any tier beyond 1 with one.
  if (!(limit > 0) || (after !== null && after.tier > (search === null ? 0 : 1))) return [];
  if (search === null) return run(prepare, plainPage(scope, cursorIn(0, after), limit), 0);
  const page =
    after === null || after.tier === 0
      ? run(prepare, prefixPage(scope, search, cursorIn(0, after), limit), 0)
      : [];
  if (page.length < limit) {
    page.push(...tierOne(prepare, scope, search, cursorIn(1, after), limit - page.length, ftsCandidateLimit));
  }
  return page;
}

function cursorIn(tier: 0 | 1, after: Position | null): Cursor | null {
  return after !== null && after.tier === tier ? after : null;
}

function tierOne(
  prepare: Prepare,
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
  ftsCandidateLimit: number,
): ListedCustomer[] {
  // A worker with no more customers than the budget is walked outright: that is never more rows than the trigram
  // route may return, and it skips the trigram lookup, whose cost grows with how common the query's trigrams are.
  if (trigramSearchable(search) && !withinBudget(prepare, scope, ftsCandidateLimit)) {
    // Ask for one more than the budget: that is how we learn the budget is exceeded without counting them all.
    const probe = candidateQuery(search, ftsCandidateLimit + 1);
    const rows = prepare(probe.sql).all(probe.params) as { rowid: number }[];
    if (rows.length <= ftsCandidateLimit) {
      const candidates = JSON.stringify(rows.map((row) => row.rowid));
      return run(prepare, tierOneCandidatePage(scope, search, after, limit, candidates), 1);
    }
  }
  // Too many candidates (so matches are dense and a page fills after a short walk) or too short for trigrams.
  return run(prepare, tierOneScanPage(scope, search, after, limit), 1);
}

function withinBudget(prepare: Prepare, scope: Scope, budget: number): boolean {
  if (scope.kind === 'all') return false;
  const count = workerSizeQuery(scope.workerKey, budget + 1);
  return (prepare(count.sql).get(count.params) as { n: number }).n <= budget;
}

function run(prepare: Prepare, page: PageQuery, tier: 0 | 1): ListedCustomer[] {
  const rows = prepare(page.sql).all(page.params) as SummaryRow[];
  return rows.map((row) => ({
    customer_id: row.customer_id,
    display_name: row.display_name,
    ...(row.avatar === null ? {} : { avatar: row.avatar }),
    position: { tier, name: row.name_key, customerId: row.customer_id },
  }));
}
