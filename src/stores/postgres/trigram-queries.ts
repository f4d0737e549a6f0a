// The trigram route of tier 1 (README.md, "A list page"): how big a worker's book is, which customers the trigram
// indexes offer as candidates, and the page built from a short candidate list.
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Cursor } from '../list-plan.ts';
import { containsPattern, gramsOf, prefixPattern, trigramSearchable, trigramWord } from './search-terms.ts';
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
 * Tier-1 candidates (customer ids) from the trigram indexes, at most `max`: each word the indexes can look for in a
 * name or an e-mail, or its digits in a phone number (or the national number in a phone number), but not a name that
 * starts with the first word (tier 0 must not use up the budget). These are LIKE patterns because they are what the
 * GIN indexes answer; each candidate is then tested with the tier itself.
 */
export function candidateQuery(search: SearchQuery, max: number): PageQuery {
  if (!trigramSearchable(search)) return gramsCandidateQuery(search, max);
  const { values, bind } = binder();
  const words = search.words.filter(trigramWord).map((word) => {
    const contains = bind(containsPattern(word.text));
    const phone = word.digits === null ? '' : ` OR c.phone_key LIKE ${bind(containsPattern(word.digits))}`;
    return `(c.name_key LIKE ${contains} OR c.email_key LIKE ${contains}${phone})`;
  });
  const all = words.join(' AND ');
  const matches =
    search.national === null ? all : `(${all}) OR c.phone_key LIKE ${bind(containsPattern(search.national))}`;
  return {
    text: `SELECT c.customer_id FROM customers AS c
      WHERE (${matches}) AND c.name_key NOT LIKE ${bind(prefixPattern(search.words[0]?.text ?? search.text))}
      LIMIT ${bind(max)}`,
    values,
  };
}

/** The expression of the short-word index (migration 5): written exactly so, or the planner cannot use it. */
const GRAMS = 'frontline_grams(c.name_key, c.email_key, c.phone_key)';

/**
 * Tier-1 candidates from the short-word index, for a search pg_trgm cannot answer (a word of one or two characters):
 * the same superset, each word's characters and pairs (or its digits') held, or the national number's.
 */
function gramsCandidateQuery(search: SearchQuery, max: number): PageQuery {
  const { values, bind } = binder();
  const holds = (text: string) => `${GRAMS} @> ${bind(gramsOf(text))}::text[]`;
  const words = search.words.map((word) =>
    word.digits === null || word.digits === word.text
      ? holds(word.text)
      : `(${holds(word.text)} OR ${holds(word.digits)})`,
  );
  const all = words.join(' AND ');
  const matches = search.national === null ? all : `(${all}) OR ${holds(search.national)}`;
  return {
    text: `SELECT c.customer_id FROM customers AS c
      WHERE (${matches}) AND c.name_key NOT LIKE ${bind(prefixPattern(search.words[0]?.text ?? search.text))}
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
