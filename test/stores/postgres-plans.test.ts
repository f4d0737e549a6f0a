// The query plans the PostgreSQL README promises, read with EXPLAIN on a book big enough for the planner to care:
// every list page walks an index in order; only the trigram route sorts, and only its candidates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerStore, Scope } from '../../src/directory/customer-store.ts';
import { searchQuery } from '../../src/directory/text-key.ts';
import { prefixUpperBound } from '../../src/stores/key-range.ts';
import type { Run } from '../../src/stores/postgres/connection.ts';
import * as pages from '../../src/stores/postgres/list-queries.ts';
import { openPostgresStore } from '../../src/stores/postgres/postgres-store.ts';
import { UNADDRESS_SQL, UNASSIGN_SQL } from '../../src/stores/postgres/record-writer.ts';
import type { PageQuery } from '../../src/stores/postgres/sql-fragments.ts';
import * as trigrams from '../../src/stores/postgres/trigram-queries.ts';
import { bigBook } from '../support/book.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';

let db: TestDatabase;
let store: CustomerStore;
let schemaUrl: string;
before(async () => {
  db = await createTestDatabase();
  schemaUrl = await db.freshSchemaUrl();
  store = await openPostgresStore(schemaUrl);
  const workers = Array.from({ length: 50 }, (_, i) => `w${i}@example.com`);
  const session = await store.beginImport();
  await session.upsert(bigBook(20_000, workers));
  await session.commit();
});
after(async () => {
  await store.close();
  await db.drop();
});

describe('PostgreSQL query plans', () => {
  const schema = () => new URL(schemaUrl).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1] ?? '';
  async function plan(query: PageQuery): Promise<string> {
    // As list() runs them: in a transaction with seq scans off (postgres-customer-store.ts).
    await db.admin(`BEGIN; SET LOCAL search_path = ${schema()}, public; SET LOCAL enable_seqscan = off`);
    try {
      const { rows } = await db.admin(`EXPLAIN (COSTS OFF) ${query.text}`, query.values);
      return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'].trim()).join(' | ');
    } finally {
      await db.admin('ROLLBACK');
    }
  }
  const alice: Scope = { kind: 'worker', workerKey: 'w1@example.com' };
  const all: Scope = { kind: 'all' };
  const text = searchQuery('ana');
  const digits = searchQuery('555 01');
  const at = { name: 'ana bob 100', customerId: 'id-00300' };

  it('walks the name index or the worker slice of the assignments key, without sorting', async () => {
    assert.ok(text && digits);
    const byName = /Index Scan using customers_by_name on customers c/;
    // The whole-book tier-1 walk filters on the index alone, then looks up only the rows that may match.
    const byNameOnly =
      /Index Only Scan using customers_by_name on customers k .*Index Scan using customers_pkey on customers c/;
    const byWorker =
      /Index Only Scan using assignments_pkey on assignments a .*Index Scan using customers_pkey/;
    const byNameBounded =
      /Limit .*Index Only Scan using customers_by_name on customers s .*Index Scan using customers_pkey on customers c/;
    const short = searchQuery('qx');
    assert.ok(short);
    for (const [query, shape] of [
      [pages.plainPage(all, null, 30), byName],
      [pages.plainPage(all, at, 30), byName],
      [pages.plainPage(alice, at, 30), byWorker],
      [pages.prefixPage(all, text, { kind: 'after', cursor: at }, prefixUpperBound('ana'), 30), byName],
      [pages.prefixPage(alice, text, { kind: 'from', text: 'ana' }, prefixUpperBound('ana'), 30), byWorker],
      [pages.tierOneScanPage(all, digits, at, 30), byNameOnly],
      [pages.tierOneScanPage(all, text, null, 30), byNameOnly],
      [pages.tierOneScanPage(alice, text, at, 30), byWorker],
      // A short-word search's bounded walk: the next names of the index, then a lookup for those that may match.
      [pages.tierOneShortWalk(short, at, 30, 3000), byNameBounded],
      [pages.tierOneShortWalk(short, null, 30, 3000), byNameBounded],
    ] as const) {
      const shown = await plan(query);
      assert.match(shown, shape, query.text);
      assert.doesNotMatch(shown, /Sort|Seq Scan|Bitmap/, query.text);
    }
  });

  it('finds candidates through the trigram indexes and sorts only those', async () => {
    assert.ok(digits);
    const probe = await plan(trigrams.candidateQuery(digits, 1001));
    for (const index of ['customers_name_trgm', 'customers_email_trgm', 'customers_phone_trgm']) {
      assert.match(probe, new RegExp(`Bitmap Index Scan on ${index}`));
    }
    assert.doesNotMatch(probe, /Seq Scan/);
    const candidates = await plan(
      trigrams.tierOneCandidatePage(alice, digits, at, 30, ['id-00001', 'id-00002']),
    );
    assert.match(candidates, /Index Scan using customers_pkey on customers c/);
    // One index probe of the worker's assignments a candidate: the primary key (worker, name, id) or
    // assignments_by_worker (worker, id) serve equally, and the planner's pick between them follows the statistics of
    // the moment (CI once chose the second).
    assert.match(candidates, /Index (Only )?Scan using assignments_(pkey|by_worker) on assignments s/);
    assert.doesNotMatch(candidates, /Seq Scan/);
  });

  it('finds candidates for one- and two-character words through the short-word index', async () => {
    for (const typed of ['qx', 'z', 'ana b', '(1', '0 2']) {
      const search = searchQuery(typed, { defaultCountry: 'GB' });
      assert.ok(search);
      const probe = await plan(trigrams.candidateQuery(search, 1001));
      const index = typed === 'ana b' ? 'customers_name_trgm' : 'customers_grams';
      assert.match(probe, new RegExp(`Bitmap Index Scan on ${index}`), typed);
      assert.doesNotMatch(probe, /Seq Scan/, typed);
    }
  });

  it("answers a worker-size check from an index range of the worker's assignments", async () => {
    const shown = await plan(trigrams.workerSizeQuery('w1@example.com', 1001));
    assert.match(shown, /(Index Only Scan using|Bitmap Index Scan on) assignments_(pkey|by_worker)/);
    assert.doesNotMatch(shown, /Seq Scan/);
  });

  it("deletes an import chunk's stale assignments and addresses through an index lookup each", async () => {
    // A chunk is 1,000 records; with the import's work_mem the planner hashed the whole table for them instead.
    const session = await store.beginImport();
    const run = (session as unknown as { run: Run }).run;
    try {
      // The plan depends on how many keys there are, not on whether they are stored.
      const keys = [0, 1, 2].map((column) => Array.from({ length: 1000 }, (_, i) => `key-${column}-${i}`));
      for (const [sql, index] of [
        // The primary key, or assignments_by_worker (worker_key, customer_id): one row a worker and customer either way.
        [UNASSIGN_SQL, 'assignments_(pkey|by_worker)'],
        [UNADDRESS_SQL, 'customer_addresses_pkey'],
      ] as const) {
        const rows = await run<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`, keys);
        const text = rows.map((row) => row['QUERY PLAN'].trim()).join(' | ');
        assert.match(text, new RegExp(`Nested Loop .*Index Scan using ${index}`), text);
        assert.doesNotMatch(text, /Hash|Seq Scan|Merge/, text);
      }
    } finally {
      await session.rollback();
    }
  });
});
