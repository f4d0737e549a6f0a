// The SQLite statements of each list-plan step. better-sqlite3 answers synchronously: the plan awaits plain values,
// so a page runs to its end inside one turn of the event loop, and so inside one read snapshot (read-snapshot.ts).
import type { Scope } from '../../directory/customer-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { Cursor, ListSteps, SummaryRow } from '../list-plan.ts';
import {
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
import { gramsSearchMatch, searchIndex, trigramMatch } from './search-terms.ts';
import type { Prepare } from './statement-cache.ts';

/** Candidates are name ranks, as the JSON array that tierOneCandidatePage binds. */
export function sqliteListSteps(prepare: Prepare): ListSteps<string> {
  // Rows as arrays: better-sqlite3 then builds no object per row, a sixth of a page's time in the driver
  // (docs/benchmarks.md).
  const rows = (query: PageQuery) => prepare(query.sql).raw(true).all(query.params) as SummaryRow[];

  function rankAt(after: Cursor | null): number | null {
    if (after === null) return null;
    const query = rankAtQuery(after);
    return (prepare(query.sql).pluck().get(query.params) as number | undefined) ?? null;
  }

  return {
    plainPage: (scope, after, limit) => rows(plainPage(scope, after, limit)),
    prefixPage: (scope, search, start, below, limit) => rows(prefixPage(scope, search, start, below, limit)),
    // The trigram index answers a search with a trigram in it, the short-word index every other one.
    indexSearchable: () => true,
    workerSize(workerKey, max) {
      const count = workerSizeQuery(workerKey, max);
      return (prepare(count.sql).get(count.params) as { n: number }).n;
    },
    candidates(scope, search, budget) {
      // A cheap probe first, then a precise one (unless it is the same query, as for three letters): a walk for a
      // query that matches few customers would read the whole book (search-terms.ts, trigramMatch). A search the
      // trigram index cannot answer asks the short-word index, once; over the whole book it skips the probe: its one
      // term per word is read in rank order at the cost of the page, rare or common, where a probe of 1,001 ranks
      // and their check cost three times as much (0.6 against 0.2 ms at 1M, docs/benchmarks.md).
      const index = searchIndex(search);
      if (index === 'customer_grams' && scope.kind === 'all') return null;
      const cheap = index === 'customer_grams' ? gramsSearchMatch(search) : trigramMatch(search);
      const precise = index === 'customer_grams' ? cheap : trigramMatch(search, true);
      for (const match of precise === cheap ? [cheap] : [cheap, precise]) {
        const probe = candidateQuery(match, budget + 1, index);
        const ranks = prepare(probe.sql).pluck().all(probe.params) as number[];
        if (ranks.length <= budget) return JSON.stringify(ranks);
      }
      return null;
    },
    candidatePage: (scope, search, after, limit, candidates) =>
      rows(tierOneCandidatePage(scope, search, after, limit, candidates)),
    walkPage(scope: Scope, search: SearchQuery, after: Cursor | null, limit: number, dense: boolean) {
      // The whole book takes dense matches in name order from the trigram index: walking the name index instead
      // reads every name before the first match, 250,000 of them for a fragment of names that sort late.
      if (dense && scope.kind === 'all') {
        const index = searchIndex(search);
        const match = index === 'customer_grams' ? gramsSearchMatch(search) : trigramMatch(search, true);
        return rows(tierOneRankPage(search, match, rankAt(after), limit, index));
      }
      // A worker's book: a short walk of its own range.
      return rows(tierOneScanPage(scope, search, after, limit));
    },
  };
}
