// One list page, the same steps for every store: tier 0 (names that start with the search's first word) from one index
// range, then, if the page is not full, tier 1 (every other match) by the cheapest route. A store supplies only the
// SQL of each step (ListSteps); the order of the steps, the cursors, the candidate budget, the last-tier guard and the
// row mapping live here, once. src/stores/README.md says why each route is fast where it is taken.
import type { ListedCustomer, ListQuery, Position, Scope } from '../directory/customer-store.ts';
import type { SearchQuery } from '../directory/text-key.ts';
import { compareBytes, prefixUpperBound } from './key-range.ts';

/** A position inside one tier. */
export interface Cursor {
  name: string;
  customerId: string;
}

/** Where tier 0's index range starts: after a cursor, or at the first name that may start with the first word. */
export type PrefixStart = { kind: 'after'; cursor: Cursor } | { kind: 'from'; text: string };

/** A page's columns, in this order, as every step returns them. */
export type SummaryRow = readonly [
  customerId: string,
  displayName: string,
  avatar: string | null,
  nameKey: string,
];

type Rows = readonly SummaryRow[];
type Maybe<T> = T | Promise<T>;

/** The statements of a list page, one per step, each in its store's SQL. `C` is the store's candidate list. */
export interface ListSteps<C> {
  /** Everyone in scope, in name order. */
  plainPage(scope: Scope, after: Cursor | null, limit: number): Maybe<Rows>;
  /**
   * Tier 0: names from `start` and below `below` (null: no bound), in name order, that match the search (for one word,
   * every name in the range does).
   */
  prefixPage(
    scope: Scope,
    search: SearchQuery,
    start: PrefixStart,
    below: string | null,
    limit: number,
  ): Maybe<Rows>;
  /** Whether the store's indexes (trigrams, and whatever answers shorter words) can answer this search at all. */
  indexSearchable(search: SearchQuery): boolean;
  /** How many customers a worker has, counting no further than `max`. */
  workerSize(workerKey: string, max: number): Maybe<number>;
  /**
   * Tier-1 candidates from the store's indexes; null when there are more than `budget`, or when the store's ordered
   * route (walkPage, dense) answers this scope and search at least as cheaply.
   */
  candidates(scope: Scope, search: SearchQuery, budget: number): Maybe<C | null>;
  /**
   * Optional: tier 1 from an ordered walk that reads at most a store-chosen number of rows; null when that did not
   * fill the page (the other routes then run). For a store whose index probe costs more than a short walk when a
   * search matches much of the book.
   */
  shortWalk?(scope: Scope, search: SearchQuery, after: Cursor | null, limit: number): Maybe<Rows | null>;
  /** Tier 1 from a short candidate list: checked, scoped, sorted. */
  candidatePage(
    scope: Scope,
    search: SearchQuery,
    after: Cursor | null,
    limit: number,
    candidates: C,
  ): Maybe<Rows>;
  /**
   * Tier 1 by walking the name order and testing each row. `dense`: the indexes offered more candidates than
   * the budget, so matches are many and a page fills soon (a store may take another ordered route then).
   */
  walkPage(
    scope: Scope,
    search: SearchQuery,
    after: Cursor | null,
    limit: number,
    dense: boolean,
  ): Maybe<Rows>;
}

/** Up to `query.limit` customers in position order, strictly after `query.after`. */
export async function listPage<C>(
  steps: ListSteps<C>,
  query: ListQuery,
  budget: number,
): Promise<ListedCustomer[]> {
  const { scope, search, after } = query;
  const limit = Math.floor(query.limit);
  // Past the last tier there is nothing: tier 1 without a search, any tier beyond 1 with one.
  if (!(limit > 0) || (after !== null && after.tier > (search === null ? 0 : 1))) return [];
  if (search === null) return listed(await steps.plainPage(scope, cursorIn(0, after), limit), 0);
  const page =
    after === null || after.tier === 0
      ? listed(
          await steps.prefixPage(
            scope,
            search,
            prefixStart(firstWord(search), cursorIn(0, after)),
            prefixUpperBound(firstWord(search)),
            limit,
          ),
          0,
        )
      : [];
  if (page.length < limit) {
    page.push(
      ...listed(await tierOne(steps, scope, search, cursorIn(1, after), limit - page.length, budget), 1),
    );
  }
  return page;
}

function cursorIn(tier: 0 | 1, after: Position | null): Cursor | null {
  return after !== null && after.tier === tier ? after : null;
}

// One lower bound only, the later of the prefix and the cursor: given both, an index scan may start at the prefix and
// filter its way to the cursor, which makes every page of a long prefix slower than the one before.
function prefixStart(word: string, after: Cursor | null): PrefixStart {
  return after !== null && compareBytes(after.name, word) >= 0
    ? { kind: 'after', cursor: after }
    : { kind: 'from', text: word };
}

function firstWord(search: SearchQuery): string {
  return search.words[0]?.text ?? search.text;
}

async function tierOne<C>(
  steps: ListSteps<C>,
  scope: Scope,
  search: SearchQuery,
  after: Cursor | null,
  limit: number,
  budget: number,
): Promise<Rows> {
  // A worker with no more customers than the budget is walked outright: that is never more rows than the index
  // route may return, and it skips the index lookup, whose cost grows with how common the query's terms are.
  if (!steps.indexSearchable(search) || (await withinBudget(steps, scope, budget))) {
    return steps.walkPage(scope, search, after, limit, false);
  }
  const walked = await steps.shortWalk?.(scope, search, after, limit);
  if (walked !== undefined && walked !== null) return walked;
  const candidates = await steps.candidates(scope, search, budget);
  if (candidates !== null) return steps.candidatePage(scope, search, after, limit, candidates);
  return steps.walkPage(scope, search, after, limit, true);
}

async function withinBudget<C>(steps: ListSteps<C>, scope: Scope, budget: number): Promise<boolean> {
  // Counting one more than the budget tells that it is exceeded without counting every customer.
  return scope.kind === 'worker' && (await steps.workerSize(scope.workerKey, budget + 1)) <= budget;
}

function listed(rows: Rows, tier: 0 | 1): ListedCustomer[] {
  return rows.map(([customer_id, display_name, avatar, name]) => {
    const position = { tier, name, customerId: customer_id };
    return avatar === null
      ? { customer_id, display_name, position }
      : { customer_id, display_name, avatar, position };
  });
}
