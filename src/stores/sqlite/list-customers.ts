// One list page: tier 0 (names that start with the search text) from an index range, then, if the page is not full,
// tier 1 (every other match) by the cheaper of two routes. See README.md for why each route is fast where it is used.
import type { ListedCustomer, ListQuery, Position, Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import {
  type Cursor,
  candidateQuery,
  type PageQuery,
  plainPage,
  prefixPage,
  rankAtQuery,
  tierOneCandidatePage,
  tierOneRankPage,
  tierOneScanPage,
  workerSizeQuery,
} from './list-queries.ts';
import { trigramSearchable } from './search-terms.ts';
import type { Prepare } from './statement-cache.ts';

/** A page's columns, in the order list-queries.ts selects them. */
type SummaryRow = [customerId: string, displayName: string, avatar: string | null, nameKey: string];

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
    // A cheap probe first, then a precise one (unless it is the same query, as for three letters): a walk for a
    // query that matches few customers would read the whole book. Each asks for one more than the budget: that is
    // how we learn the budget is exceeded without counting them all.
    const cheap = candidateQuery(search, ftsCandidateLimit + 1);
    const precise = candidateQuery(search, ftsCandidateLimit + 1, true);
    for (const probe of precise.params.match === cheap.params.match ? [cheap] : [cheap, precise]) {
      const rows = prepare(probe.sql).all(probe.params) as { rowid: number }[];
      if (rows.length <= ftsCandidateLimit) {
        const candidates = JSON.stringify(rows.map((row) => row.rowid));
        return run(prepare, tierOneCandidatePage(scope, search, after, limit, candidates), 1);
      }
    }
    // Too many candidates. The whole book takes them in name order from the trigram index: walking the name index
    // instead reads every name before the first match, 250,000 of them for a fragment of names that sort late.
    if (scope.kind === 'all') return run(prepare, tierOneRankPage(search, rankAt(prepare, after), limit), 1);
  }
  // A worker's book (a short walk of its own range), or a text too short for trigrams.
  return run(prepare, tierOneScanPage(scope, search, after, limit), 1);
}

function rankAt(prepare: Prepare, after: Cursor | null): number | null {
  if (after === null) return null;
  const query = rankAtQuery(after);
  return (prepare(query.sql).pluck().get(query.params) as number | undefined) ?? null;
}

function withinBudget(prepare: Prepare, scope: Scope, budget: number): boolean {
  if (scope.kind === 'all') return false;
  const count = workerSizeQuery(scope.workerKey, budget + 1);
  return (prepare(count.sql).get(count.params) as { n: number }).n <= budget;
}

// Rows as arrays: better-sqlite3 then builds no object per row, a sixth of a page's time in the driver
// (docs/benchmarks.md).
function run(prepare: Prepare, page: PageQuery, tier: 0 | 1): ListedCustomer[] {
  const rows = prepare(page.sql).raw(true).all(page.params) as SummaryRow[];
  return rows.map(([customer_id, display_name, avatar, name]) => {
    const position = { tier, name, customerId: customer_id };
    return avatar === null
      ? { customer_id, display_name, position }
      : { customer_id, display_name, avatar, position };
  });
}
