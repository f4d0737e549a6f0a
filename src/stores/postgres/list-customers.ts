// One list page: tier 0 (names that start with the search text) from an index range, then, if the page is not full,
// tier 1 (every other match) by the cheaper of two routes. The same steps, budget and results as the SQLite store;
// README.md says why each route is fast where it is used.
import type { ListedCustomer, ListQuery, Position, Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Run } from './connection.ts';
import { plainPage, prefixPage, tierOneScanPage } from './list-queries.ts';
import { trigramSearchable } from './search-terms.ts';
import type { Cursor, PageQuery } from './sql-fragments.ts';
import { candidateQuery, tierOneCandidatePage, workerSizeQuery } from './trigram-queries.ts';

interface SummaryRow {
  customer_id: string;
  display_name: string;
  avatar: string | null;
  name_key: string;
}

export async function listCustomers(
  run: Run,
  query: ListQuery,
  ftsCandidateLimit: number,
): Promise<ListedCustomer[]> {
  const { scope, search, after } = query;
  const limit = Math.floor(query.limit);
  if (search === null) return page(run, plainPage(scope, cursorIn(0, after), limit), 0);
  const rows =
    after === null || after.tier === 0
      ? await page(run, prefixPage(scope, search, cursorIn(0, after), limit), 0)
      : [];
  if (rows.length < limit) {
    rows.push(
      ...(await tierOne(run, scope, search, cursorIn(1, after), limit - rows.length, ftsCandidateLimit)),
    );
  }
  return rows;
}

function cursorIn(tier: 0 | 1, after: Position | null): Cursor | null {
  return after !== null && after.tier === tier ? after : null;
}

async function tierOne(
  run: Run,
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
  ftsCandidateLimit: number,
): Promise<ListedCustomer[]> {
  // A worker with no more customers than the budget is walked outright: that is never more rows than the trigram
  // route may return, and it skips the trigram lookup, whose cost grows with how common the query's trigrams are.
  if (trigramSearchable(search) && !(await withinBudget(run, scope, ftsCandidateLimit))) {
    // Ask for one more than the budget: that is how we learn the budget is exceeded without counting them all.
    const probe = candidateQuery(search, ftsCandidateLimit + 1);
    const candidates = (await run<{ customer_id: string }>(probe.text, probe.values)).map(
      (row) => row.customer_id,
    );
    if (candidates.length <= ftsCandidateLimit) {
      return page(run, tierOneCandidatePage(scope, search, after, limit, candidates), 1);
    }
  }
  // Too many candidates (so matches are dense and a page fills after a short walk) or too short for trigrams.
  return page(run, tierOneScanPage(scope, search, after, limit), 1);
}

async function withinBudget(run: Run, scope: Scope, budget: number): Promise<boolean> {
  if (scope.kind === 'all') return false;
  const count = workerSizeQuery(scope.workerKey, budget + 1);
  const [row] = await run<{ n: number }>(count.text, count.values);
  return (row?.n ?? 0) <= budget;
}

async function page(run: Run, query: PageQuery, tier: 0 | 1): Promise<ListedCustomer[]> {
  const rows = await run<SummaryRow>(query.text, query.values);
  return rows.map((row) => ({
    customer_id: row.customer_id,
    display_name: row.display_name,
    ...(row.avatar === null ? {} : { avatar: row.avatar }),
    position: { tier, name: row.name_key, customerId: row.customer_id },
  }));
}
