// What only the SQLite store has: migrations, file handling, crash safety of an import and the query plans the
// README promises (the store contract, test/stores/store-contract.test.ts, runs on SQLite too).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportSession, Scope } from '../../src/directory/customer-store.ts';
import { searchQuery } from '../../src/directory/text-key.ts';
import { prefixUpperBound } from '../../src/stores/key-range.ts';
import { Database } from '../../src/stores/sqlite/driver.ts';
import * as pages from '../../src/stores/sqlite/list-queries.ts';
import { MIGRATIONS } from '../../src/stores/sqlite/migrations.ts';
import { FORGET_ADDRESSES_SQL } from '../../src/stores/sqlite/record-writer.ts';
import { gramsSearchMatch, searchIndex, trigramMatch } from '../../src/stores/sqlite/search-terms.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { customer } from '../support/customer.ts';
import { dieMidImport } from '../support/die-mid-import.ts';

const root = mkdtempSync(join(tmpdir(), 'frontline-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(root, `store-${++files}.db`);

describe('SQLite store', () => {
  it('records each migration once and reapplies none on reopen', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const read = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
      } finally {
        db.close();
      }
    };
    const first = read();
    assert.deepEqual(
      first.map((row) => (row as { version: number }).version),
      MIGRATIONS.map((migration) => migration.version),
    );
    await (await openSqliteStore(path)).close();
    assert.deepEqual(read(), first);
  });

  it('creates missing parent folders', async () => {
    const store = await openSqliteStore(join(root, 'deep', 'er', 'book.db'));
    assert.equal(await store.count(), 0);
    await store.close();
  });

  it('refuses a file that is not a SQLite database with a one-line message', async () => {
    const path = join(root, 'not-a-database.db');
    writeFileSync(path, 'customer_id,display_name\n1,Zoë\n'.repeat(200));
    await assert.rejects(openSqliteStore(path), (error: Error) => {
      assert.match(error.message, /not-a-database\.db.*not a database/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });

  it('refuses a database written by a newer version', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations VALUES (9999, 'from the future', '2100-01-01')").run();
    db.close();
    await assert.rejects(openSqliteStore(path), /schema version 9999/);
  });

  it('leaves the file as it was when the process dies in the middle of an import', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    const session = await store.beginImport();
    await session.upsert([customer('keep', 'Kept', ['a@example.com'])]);
    await session.commit();
    await store.close();
    dieMidImport({ module: 'sqlite/sqlite-store.ts', open: 'openSqliteStore', target: path }, 20000);
    const reopened = await openSqliteStore(path);
    assert.equal(await reopened.count(), 1);
    assert.equal((await reopened.get('keep', { kind: 'all' }))?.display_name, 'Kept');
    await reopened.close();
  });

  it('queues a second import behind the first without blocking the event loop', async () => {
    const store = await openSqliteStore(freshPath());
    try {
      const first = await store.beginImport();
      let secondStarted = false;
      const second = store.beginImport().then((session) => {
        secondStarted = true;
        return session;
      });
      await sleep(150);
      assert.equal(secondStarted, false);
      await first.upsert([customer('a', 'A')]);
      await first.commit();
      const session = await second;
      await session.upsert([customer('b', 'B')]);
      await session.commit();
      assert.equal(await store.count(), 2);
    } finally {
      await store.close();
    }
  });

  it('rolls back an import still open when the store is closed', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    const session = await store.beginImport();
    await session.upsert([customer('a', 'A')]);
    await store.close();
    const reopened = await openSqliteStore(path);
    assert.equal(await reopened.count(), 0);
    await reopened.close();
  });

  it("keeps a worker's pages in step with what their assignments copy: name, avatar, search keys", async () => {
    const store = await openSqliteStore(freshPath());
    const alice: Scope = { kind: 'worker', workerKey: 'alice@example.com' };
    const page = async (query: string | undefined) =>
      (await store.list({ scope: alice, search: searchQuery(query), after: null, limit: 10 })).map(
        ({ position: _, ...summary }) => summary,
      );
    const write = async (record: Parameters<ImportSession['upsert']>[0][number]) => {
      const session = await store.beginImport();
      await session.upsert([record]);
      await session.commit();
    };
    try {
      const channels = [{ type: 'email' as const, value: 'zoe@old.example' }];
      await write(customer('z1', 'Zoe Martin', ['alice@example.com'], { channels }));
      // Same sort key (zoe martin), new display name, avatar and e-mail: only the copies in assignments change.
      await write(
        customer('z1', 'Zoë Martin', ['alice@example.com'], {
          avatar: 'https://example.com/z.png',
          channels: [{ type: 'email', value: 'zoe@new.example' }],
        }),
      );
      const zoe = { customer_id: 'z1', display_name: 'Zoë Martin', avatar: 'https://example.com/z.png' };
      assert.deepEqual(await page(undefined), [zoe]);
      assert.deepEqual(await page('new.example'), [zoe]);
      assert.deepEqual(await page('old.example'), []);
    } finally {
      await store.close();
    }
  });

  it('rewrites a changed customer through indexes only, so a write costs the same in any size of book', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const db = new Database(path, { readonly: true });
    try {
      const shown = queryPlan(db, FORGET_ADDRESSES_SQL, 1);
      assert.match(
        shown,
        /^SEARCH customer_addresses USING (COVERING )?INDEX customer_addresses_by_customer \(customer=\?\)$/,
      );
    } finally {
      db.close();
    }
  });

  it('answers one- and two-character searches from the short-word index, in name-rank order', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const db = new Database(path, { readonly: true });
    const plan = (page: pages.PageQuery) => queryPlan(db, page.sql, page.params);
    try {
      for (const text of ['qx', 'z', 'martin zo', '(1', '0 2']) {
        const search = searchQuery(text, { defaultCountry: 'GB' });
        assert.ok(search);
        assert.equal(searchIndex(search), text === 'martin zo' ? 'customer_search' : 'customer_grams', text);
        if (searchIndex(search) === 'customer_search') continue;
        const match = gramsSearchMatch(search);
        assert.match(
          plan(pages.candidateQuery(match, 1001, 'customer_grams')),
          /^SCAN customer_grams VIRTUAL TABLE INDEX 0:M/,
        );
        for (const afterRank of [null, 1048576]) {
          const ranked = plan(pages.tierOneRankPage(search, match, afterRank, 30, 'customer_grams'));
          assert.match(ranked, /^SCAN s VIRTUAL TABLE INDEX \d+:M/, text);
          assert.match(ranked, /SEARCH c USING INDEX customers_by_rank \(name_rank=\?\)$/, text);
          assert.doesNotMatch(ranked, /TEMP B-TREE|SCAN c/, text);
        }
      }
    } finally {
      db.close();
    }
  });

  it('lists through index ranges: no full scan, no sort except over trigram candidates', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const db = new Database(path, { readonly: true });
    const plan = (page: pages.PageQuery) => queryPlan(db, page.sql, page.params);
    const alice: Scope = { kind: 'worker', workerKey: 'alice@example.com' };
    const all: Scope = { kind: 'all' };
    const text = searchQuery('john');
    const digits = searchQuery('555 01');
    assert.ok(text && digits);
    const at = { name: 'john smith', customerId: 'c1' };
    const byName = /^SEARCH c USING INDEX customers_by_name \(/;
    // A worker's pages read the assignments range alone: it carries what a page returns (migration 3).
    const byWorker = /^SEARCH a USING PRIMARY KEY \(worker_key=\? AND [^|]*\)$/;
    try {
      assert.match(plan(pages.plainPage(all, at, 30)), byName);
      assert.match(plan(pages.plainPage(all, null, 30)), /^SCAN c USING INDEX customers_by_name$/);
      assert.match(plan(pages.plainPage(alice, at, 30)), byWorker);
      assert.match(
        plan(pages.prefixPage(all, text, { kind: 'from', text: text.text }, prefixUpperBound(text.text), 30)),
        /customers_by_name \(name_key>\? AND name_key<\?\)$/,
      );
      assert.match(
        plan(pages.prefixPage(all, text, { kind: 'after', cursor: at }, prefixUpperBound(text.text), 30)),
        /\(\(name_key,customer_id\)>\(\?,\?\) AND name_key<\?\)$/,
      );
      assert.match(
        plan(pages.prefixPage(alice, text, { kind: 'after', cursor: at }, prefixUpperBound(text.text), 30)),
        byWorker,
      );
      assert.match(plan(pages.tierOneScanPage(all, digits, at, 30)), byName);
      assert.match(plan(pages.tierOneScanPage(alice, digits, at, 30)), byWorker);
      assert.match(
        plan(pages.candidateQuery(trigramMatch(digits), 1001)),
        /^SCAN customer_search VIRTUAL TABLE INDEX 0:M/,
      );
      assert.match(
        plan(pages.workerSizeQuery('alice@example.com', 1001)),
        /SEARCH assignments USING (PRIMARY KEY|COVERING INDEX assignments_by_worker) \(worker_key=\?\)/,
      );
      const candidates = plan(pages.tierOneCandidatePage(alice, digits, at, 30, '[1,2]'));
      assert.match(candidates, /^SEARCH c USING INDEX customers_by_rank \(name_rank=\?\)/);
      assert.match(
        candidates,
        // One assignment looked up by all three of its columns, through either index that holds them.
        /SEARCH s EXISTS USING (PRIMARY KEY|COVERING INDEX assignments_by_worker) \(worker_key=\? AND (name_key=\? AND customer_id=\?|customer_id=\? AND name_key=\?)\)/,
      );
      // The whole book's dense tier 1: the trigram index in rowid (name rank) order, no sort, one customer each.
      for (const afterRank of [null, 1048576]) {
        const ranked = plan(pages.tierOneRankPage(text, trigramMatch(text, true), afterRank, 30));
        assert.match(ranked, /^SCAN s VIRTUAL TABLE INDEX \d+:M/);
        assert.match(ranked, /SEARCH c USING INDEX customers_by_rank \(name_rank=\?\)$/);
      }
      assert.match(
        plan(pages.rankAtQuery(at)),
        /^SEARCH customers USING INDEX customers_by_name \(\(name_key,customer_id\)<\(\?,\?\)\)$/,
      );
      for (const page of [
        pages.tierOneRankPage(text, trigramMatch(text, true), 1048576, 30),
        pages.plainPage(all, at, 30),
        pages.plainPage(alice, null, 30),
        pages.prefixPage(alice, text, { kind: 'from', text: text.text }, prefixUpperBound(text.text), 30),
        pages.tierOneScanPage(all, text, null, 30),
      ]) {
        assert.doesNotMatch(plan(page), /TEMP B-TREE|SCAN (a|c)(?! USING INDEX)/);
      }
    } finally {
      db.close();
    }
  });
});

/** SQLite's plan for a statement, its steps joined by " | ". */
function queryPlan(db: Database, sql: string, params: unknown): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[])
    .map((row) => row.detail)
    .join(' | ');
}
