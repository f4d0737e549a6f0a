// The store contract on PostgreSQL (a schema of its own per store, in a database of this file's own), plus what only
// PostgreSQL has: migrations under concurrent starts, imports across connections and processes, and query plans.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/directory/postgres/migrations.ts';
import { openPostgresStore } from '../../src/directory/postgres/postgres-store.ts';
import type { Scope } from '../../src/directory/store.ts';
import { searchQuery } from '../../src/directory/text-key.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';
import { tempDir } from '../support/temp-dir.ts';
import { describeStoreContract } from './store-contract.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

describeStoreContract('PostgreSQL', async (options) => openPostgresStore(await db.freshSchemaUrl(), options));

const record = (id: string, name = `Name ${id}`) => ({
  customer_id: id,
  display_name: name,
  workers: ['a@example.com'],
});

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

  it('makes a second import wait for the first, and give up after 5 s with a clear message', async () => {
    const store = await openPostgresStore(await db.freshSchemaUrl());
    try {
      const first = await store.beginImport({ replace: false });
      await first.upsert([record('one')]);
      const second = store.beginImport({ replace: true });
      setTimeout(() => void first.commit(), 300);
      const waited = await second;
      await waited.upsert([record('two')]);
      await waited.commit();
      assert.deepEqual(
        (await store.list({ scope: { kind: 'all' }, search: null, after: null, limit: 5 })).map(
          (c) => c.customer_id,
        ),
        ['two'],
      );

      const holder = await store.beginImport({ replace: false });
      const started = Date.now();
      await assert.rejects(
        store.beginImport({ replace: false }),
        /Another import is writing to the customer store/,
      );
      assert.ok(Date.now() - started >= 4500, 'waited for the lock');
      await holder.rollback();
    } finally {
      await store.close();
    }
  });

  it('leaves the database as it was when the process dies in the middle of an import', async () => {
    const url = await db.freshSchemaUrl();
    const store = await openPostgresStore(url);
    const session = await store.beginImport({ replace: false });
    await session.upsert([record('keep', 'Kept')]);
    await session.commit();
    const child = join(tempDir(), 'die-mid-import.mts');
    const storeModule = new URL('../../src/directory/postgres/postgres-store.ts', import.meta.url).href;
    writeFileSync(
      child,
      `import { openPostgresStore } from ${JSON.stringify(storeModule)};
      const store = await openPostgresStore(${JSON.stringify(url)});
      const session = await store.beginImport({ replace: true });
      const records = Array.from({ length: 5000 }, (_, i) => ({ customer_id: 'n' + i, display_name: 'New ' + i, workers: [] }));
      await session.upsert(records);
      process.kill(process.pid, 'SIGKILL');`,
    );
    const result = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8' });
    assert.equal(result.signal, 'SIGKILL', result.stderr);
    try {
      assert.equal(await store.count(), 1);
      assert.equal((await store.get('keep', { kind: 'all' }))?.display_name, 'Kept');
      // The server let go of the dead import's lock with its connection: the next import starts at once.
      const next = await store.beginImport({ replace: false });
      await next.rollback();
    } finally {
      await store.close();
    }
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
        const session = await store.beginImport({ replace: false });
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
      const session = await store.beginImport({ replace: false });
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
