// Imports on PostgreSQL across connections and processes: one at a time (an advisory lock every instance shares),
// and a process that dies mid-import leaves the database, and the lock, as they were.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
    const session = await store.beginImport();
    await session.upsert([record('keep', 'Kept')]);
    await session.commit();
    try {
      dieMidImport({ module: 'postgres/postgres-store.ts', open: 'openPostgresStore', target: url }, 5000);
      assert.equal(await store.count(), 1);
      assert.equal((await store.get('keep', { kind: 'all' }))?.display_name, 'Kept');
      // The server let go of the dead import's lock with its connection: the next import starts at once.
      const next = await store.beginImport();
      await next.rollback();
    } finally {
      await store.close();
    }
  });
});
