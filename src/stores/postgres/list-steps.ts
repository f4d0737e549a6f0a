// The PostgreSQL statements of each list-plan step, run on the one connection (and snapshot) of the page's call.
import type { ListSteps, SummaryRow } from '../list-plan.ts';
import type { Run } from './connection.ts';
import { plainPage, prefixPage, tierOneScanPage } from './list-queries.ts';
import type { PageQuery } from './sql-fragments.ts';
import { candidateQuery, tierOneCandidatePage, workerSizeQuery } from './trigram-queries.ts';

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
