// Imports on PostgreSQL across connections and processes: one at a time (an advisory lock every instance shares),
// a process that dies mid-import leaves the database, and the lock, as they were, and an import that ended cleanly
// hands its connection back to the pool as it found it.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CustomerStore, ImportSession } from '../../src/directory/customer-store.ts';
import { importCustomers } from '../../src/import/import-customers.ts';
import type { Run } from '../../src/stores/postgres/connection.ts';
import { openPostgresStore } from '../../src/stores/postgres/postgres-store.ts';
import { customer } from '../support/customer.ts';
import { dieMidImport } from '../support/die-mid-import.ts';
import { writeBook } from '../support/import-book.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

const record = (id: string, name = `Name ${id}`) => customer(id, name, ['a@example.com']);
/** The import's own connection, for what the port does not show: which backend it is, and its settings. */
const runOf = (session: ImportSession) => (session as unknown as { run: Run }).run;
const backendOf = async (session: ImportSession) =>
  (await runOf(session)<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid;

/** A book of one customer, `keep`, committed: what an import that fails must leave as it was. */
async function keepOne(store: CustomerStore): Promise<void> {
  const session = await store.beginImport();
  await session.upsert([record('keep', 'Kept')]);
  await session.commit();
}

/** The book is still `keepOne`'s, and the failed import's lock is gone: the next import starts at once. */
async function assertKeptAndUnlocked(store: CustomerStore): Promise<void> {
  assert.equal(await store.count(), 1);
  assert.equal((await store.get('keep', { kind: 'all' }))?.display_name, 'Kept');
  const next = await store.beginImport();
  await next.rollback();
}

describe('PostgreSQL imports', () => {
  it('makes a second import wait for the first, and give up after 5 s with a clear message', async () => {
    const store = await openPostgresStore(await db.freshSchemaUrl());
    try {
      const first = await store.beginImport();
      await first.upsert([record('one')]);
      const second = store.beginImport();
      setTimeout(() => void first.commit(), 300);
      const waited = await second;
      await writeBook(waited, [record('two')], true);
      await waited.commit();
      assert.deepEqual(
        (await store.list({ scope: { kind: 'all' }, search: null, after: null, limit: 5 })).map(
          (c) => c.customer_id,
        ),
        ['two'],
      );

      const holder = await store.beginImport();
      const started = Date.now();
      await assert.rejects(store.beginImport(), /Another import is writing to the customer store/);
      assert.ok(Date.now() - started >= 4500, 'waited for the lock');
      await holder.rollback();
    } finally {
      await store.close();
    }
  });

  it('leaves the database as it was when the process dies in the middle of an import', async () => {
    const url = await db.freshSchemaUrl();
    const store = await openPostgresStore(url);
    await keepOne(store);
    try {
      dieMidImport({ module: 'postgres/postgres-store.ts', open: 'openPostgresStore', target: url }, 5000);
      // The server let go of the dead import's lock with its connection.
      await assertKeptAndUnlocked(store);
    } finally {
      await store.close();
    }
  });

  it('fails an import whose write in flight loses its connection, and leaves the book as it was', async () => {
    const store = await openPostgresStore(await db.freshSchemaUrl());
    try {
      await keepOne(store);
      const source = new PassThrough();
      const line = (i: number) =>
        `${JSON.stringify({ customer_id: `c${i}`, display_name: `C ${i}`, workers: ['a@example.com'] })}\n`;
      const imported = importCustomers(store, {
        source: { stream: source, label: 'a stream' },
        format: 'ndjson',
        replace: false,
        skipInvalid: false,
        onInvalid: () => {},
      });
      imported.catch(() => {});
      // The first batch goes to the database while the second is still being read: end the import's connection.
      for (let i = 0; i < 1000; i += 1) source.write(line(i));
      let backend: number | undefined;
      while (backend === undefined) {
        const held = await db.admin(
          "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        backend = held.rows[0]?.pid;
        if (backend === undefined) await sleep(20);
      }
      await db.admin('SELECT pg_terminate_backend($1)', [backend]);
      for (let i = 1000; i < 2500; i += 1) source.write(line(i));
      source.end();
      await assert.rejects(imported);
      await assertKeptAndUnlocked(store);
    } finally {
      await store.close();
    }
  });

  it('hands a connection back to the pool when its import ended cleanly, as it found it, and closes a broken one', async () => {
    const store = await openPostgresStore(await db.freshSchemaUrl(), { poolSize: 1 });
    try {
      const first = await store.beginImport();
      const backend = await backendOf(first);
      await first.upsert([record('one')]);
      await first.commit();
      // A single write on a new connection cost a backend's start and cold catalog caches: more than the write.
      const second = await store.beginImport();
      assert.equal(await backendOf(second), backend, 'a committed import closed its connection');
      await assert.rejects(runOf(second)('SELECT 1 / 0'));
      await second.rollback();

      // An import that vacuums lifts the statement timeout for its session, and puts it back.
      const big = await store.beginImport();
      assert.equal(await backendOf(big), backend, 'a rolled back import closed its connection');
      await big.upsert(Array.from({ length: 10_000 }, (_, i) => record(`big${i}`)));
      await big.commit();
      const after = await store.beginImport();
      assert.equal(await backendOf(after), backend);
      await runOf(after)('COMMIT');
      const [timeout] = await runOf(after)<{ statement_timeout: string }>('SHOW statement_timeout');
      assert.equal(timeout?.statement_timeout, '2500ms');

      await db.admin('SELECT pg_terminate_backend($1)', [backend]);
      await after.rollback();
      const fresh = await store.beginImport();
      assert.notEqual(await backendOf(fresh), backend, 'a broken connection went back to the pool');
      await fresh.upsert([record('two')]);
      await fresh.commit();
      assert.equal(await store.count(), 10_002);
    } finally {
      await store.close();
    }
  });
});
