// The trigram route of tier 1 (README.md, "A list page"): how big a worker's book is, which customers the trigram
// indexes offer as candidates, and the page built from a short candidate list.
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Cursor } from '../list-plan.ts';
import { containsPattern, prefixPattern } from './search-terms.ts';
import {
  afterCursor,
  binder,
  inTierOne,
  inWorkerScope,
  keysOf,
  type PageQuery,
  page,
} from './sql-fragments.ts';

/** How many customers a worker has, counting no further than `max`. */
export function workerSizeQuery(workerKey: string, max: number): PageQuery {
  return {
    text: 'SELECT count(*)::int AS n FROM (SELECT 1 FROM assignments WHERE worker_key = $1 LIMIT $2) AS s',
    values: [workerKey, max],
  };
}

/**
 * Tier-1 candidates (customer ids) from the trigram indexes, at most `max`: the text in a name or an e-mail, or the
 * digits in a phone number, but not a name that starts with the text (tier 0 must not use up the budget). These are
 * LIKE patterns because they are what the GIN indexes answer; each candidate is then tested with the tier itself.
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
    inTierOne(keysOf('c'), search, bind),
    ...afterCursor('c', after, bind),
  ];
  if (scope.kind === 'worker') where.push(inWorkerScope(bind(scope.workerKey)));
  return { text: page('customers AS c', 'c', where, bind(limit)), values };
}
