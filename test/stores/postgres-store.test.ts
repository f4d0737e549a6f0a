// What only the PostgreSQL store has (a schema of its own per store, in a database of this file's own): migrations
// under concurrent starts, key heads in the name index, text it cannot hold. The store contract,
// test/stores/store-contract.test.ts, runs on PostgreSQL too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Scope } from '../../src/directory/customer-store.ts';
import { searchQuery } from '../../src/directory/text-key.ts';
import { MIGRATIONS } from '../../src/stores/postgres/migrations.ts';
import { openPostgresStore } from '../../src/stores/postgres/postgres-store.ts';
import { customer } from '../support/customer.ts';
import { importBook } from '../support/import-book.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

const record = (id: string, name = `Name ${id}`) => customer(id, name, ['a@example.com']);

describe('PostgreSQL store', () => {
  it('migrates once when several instances start at once, and records each migration once', async () => {
    const url = await db.freshSchemaUrl();
    const stores = await Promise.all(
      Array.from({ length: 6 }, () => openPostgresStore(url, { poolSize: 2 })),
    );
    await Promise.all(stores.map((store) => store.close()));
    await (await openPostgresStore(url)).close();
    const schema = new URL(url).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1];
    const { rows } = await db.admin(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`);
    assert.deepEqual(
      rows,
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });

  it('vacuums after a big import, and leaves a small one to autovacuum, so a single write stays cheap', async () => {
    const url = await db.freshSchemaUrl();
    const schema = new URL(url).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1];
    const store = await openPostgresStore(url);
    const vacuums = async () => {
      const { rows } = await db.admin(
        'SELECT vacuum_count FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2',
        [schema, 'customers'],
      );
      return Number(rows[0]?.vacuum_count ?? 0);
    };
    const write = async (records: ReturnType<typeof record>[], replace = false) => {
      await importBook(store, records, replace);
    };
    try {
      const before = await vacuums();
      await write([record('one')]);
      await write([record('one', 'Renamed')]);
      assert.equal(await vacuums(), before, 'a one-customer write vacuumed the tables');
      await write([record('two')], true);
      assert.equal(await vacuums(), before, 'a replace that removed one customer vacuumed the tables');
      await write(Array.from({ length: 10_000 }, (_, i) => record(`big${i}`)));
      // The statistics collector reports asynchronously: wait for the count to move.
      for (let i = 0; i < 50 && (await vacuums()) === before; i++)
        await new Promise((r) => setTimeout(r, 100));
      assert.equal(await vacuums(), before + 1, 'an import of 10,000 customers did not vacuum');
    } finally {
      await store.close();
    }
  });

  it('refuses a database written by a newer version, naming it in one line without the password', async () => {
    const url = await db.freshSchemaUrl();
    await (await openPostgresStore(url)).close();
    const schema = new URL(url).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1];
    await db.admin(
      `INSERT INTO ${schema}.schema_migrations (version, name) VALUES (9999, 'from the future')`,
    );
    const withPassword = new URL(url);
    withPassword.password = 'not-needed-secret';
    await assert.rejects(openPostgresStore(withPassword.toString()), (error: Error) => {
      assert.match(
        error.message,
        /^Cannot open the customer store at postgres:\/\/postgres:\*\*\*@.*schema version 9999/,
      );
      assert.doesNotMatch(error.message, /not-needed-secret|\n/);
      return true;
    });
  });

  it('finds matches past the key heads that customers_by_name carries, on the walk too', async () => {
    const emails = Array.from({ length: 5 }, (_, i) => ({
      type: 'email' as const,
      value: `someone.${i}@a-long-domain.example.com`,
    }));
    const phones = Array.from({ length: 6 }, (_, i) => ({
      type: 'sms' as const,
      value: `+4420794609${50 + i}`,
    }));
    const long = { ...record('long', 'Long Keys'), channels: [...emails, ...phones] };
    for (const ftsCandidateLimit of [0, 1000]) {
      const store = await openPostgresStore(await db.freshSchemaUrl(), { ftsCandidateLimit });
      try {
        const session = await store.beginImport();
        await session.upsert([long, record('short', 'Short Keys')]);
        await session.commit();
        for (const text of ['someone.4@', 'e.4', '442079460955', '55']) {
          const page = await store.list({
            scope: { kind: 'all' },
            search: searchQuery(text),
            after: null,
            limit: 5,
          });
          assert.deepEqual(
            page.map((c) => c.customer_id),
            ['long'],
            `${text}, candidate limit ${ftsCandidateLimit}`,
          );
        }
      } finally {
        await store.close();
      }
    }
  });

  it('matches nothing, rather than failing, for text PostgreSQL cannot hold (U+0000)', async () => {
    const store = await openPostgresStore(await db.freshSchemaUrl());
    try {
      const session = await store.beginImport();
      await session.upsert([record('c1', 'Zoe')]);
      await session.commit();
      const nul: Scope = { kind: 'worker', workerKey: 'a@example.com\u0000' };
      const search = searchQuery('zo\u0000');
      assert.deepEqual(await store.list({ scope: nul, search: null, after: null, limit: 5 }), []);
      assert.deepEqual(await store.list({ scope: { kind: 'all' }, search, after: null, limit: 5 }), []);
      assert.equal(await store.get('c1\u0000', { kind: 'all' }), null);
      assert.equal(await store.positionOf('c1', nul, null), null);
    } finally {
      await store.close();
    }
  });
});
