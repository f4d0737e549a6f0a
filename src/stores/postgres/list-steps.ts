// The PostgreSQL statements of each list-plan step, run on the one connection (and snapshot) of the page's call.
import type { ListSteps, SummaryRow } from '../list-plan.ts';
import type { Run } from './connection.ts';
import { plainPage, prefixPage, tierOneScanPage, tierOneShortWalk } from './list-queries.ts';
import { trigramSearchable } from './search-terms.ts';
import type { PageQuery } from './sql-fragments.ts';
import { candidateQuery, tierOneCandidatePage, workerSizeQuery } from './trigram-queries.ts';

/** Names a whole-book short-word search walks before it asks its index: a page when 1% of names match. */
const SHORT_WALK = 3000;

/** Candidates are customer ids. */
export function postgresListSteps(run: Run): ListSteps<readonly string[]> {
  const rows = (query: PageQuery) => run<SummaryRow>(query.text, query.values, true);
  return {
    plainPage: (scope, after, limit) => rows(plainPage(scope, after, limit)),
    prefixPage: (scope, search, start, below, limit) => rows(prefixPage(scope, search, start, below, limit)),
    // pg_trgm answers a search with a trigram in it, the short-word index every other one (trigram-queries.ts).
    indexSearchable: () => true,
    async workerSize(workerKey, max) {
      const count = workerSizeQuery(workerKey, max);
      const [row] = await run<{ n: number }>(count.text, count.values);
      return row?.n ?? 0;
    },
    // A search pg_trgm cannot answer (one- and two-character words) asks the short-word index, whose bitmap costs as
    // much as the word is common: over the whole book, a walk of the next SHORT_WALK names goes first, and a common
    // word fills its page there (docs/benchmarks.md: 92 against 166 ms p50 for two letters at 200k).
    async shortWalk(scope, search, after, limit) {
      if (scope.kind !== 'all' || trigramSearchable(search)) return null;
      const page = await rows(tierOneShortWalk(search, after, limit, SHORT_WALK));
      return page.length === limit ? page : null;
    },
    async candidates(_scope, search, budget) {
      const probe = candidateQuery(search, budget + 1);
      const ids = await run<[string]>(probe.text, probe.values, true);
      return ids.length <= budget ? ids.map(([id]) => id) : null;
    },
    candidatePage: (scope, search, after, limit, candidates) =>
      rows(tierOneCandidatePage(scope, search, after, limit, candidates)),
    // Dense or not, the name order is walked: matches are many, so a page fills after a short walk.
    walkPage: (scope, search, after, limit) => rows(tierOneScanPage(scope, search, after, limit)),
  };
}
