// The worker-profiles migration on a store that already holds a book: the store created with every migration before
// it and a customer written, then opened as the service opens it. Runs on every store of test/support/stores.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MigrationReport } from '../../src/stores/migrate.ts';
import type { Migration } from '../../src/stores/migration.ts';
import { migrate as migratePostgres } from '../../src/stores/postgres/migrate.ts';
import { MIGRATIONS as POSTGRES_MIGRATIONS } from '../../src/stores/postgres/migrations.ts';
import { createPool } from '../../src/stores/postgres/pool.ts';
import { openPostgresStore } from '../../src/stores/postgres/postgres-store.ts';
import { Database } from '../../src/stores/sqlite/driver.ts';
import { migrate as migrateSqlite } from '../../src/stores/sqlite/migrate.ts';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/stores/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { POSTGRES_DEFAULTS } from '../../src/stores/store-settings.ts';
import { STORES, type StoreName } from '../support/stores.ts';

const WORKERS = 'worker profiles, for templates';
const before = (migrations: readonly Migration[]) => {
  const version = migrations.find((migration) => migration.name === WORKERS)?.version;
  assert.ok(version !== undefined, 'the stores have the worker-profiles migration');
  return migrations.filter((migration) => migration.version < version);
};
const INSERT_CUSTOMER = `INSERT INTO customers (customer_id, display_name, avatar, name_key, email_key, phone_key, doc,
  workers) VALUES ('k1', 'Kept Customer', NULL, 'kept customer', '', '', '{}', '["alice@example.com"]')`;

/** A store at the version before the worker profiles, holding one customer. */
const OLDER_STORE: Record<StoreName, (url: string) => Promise<void>> = {
  sqlite: async (path) => {
    const db = new Database(path);
    try {
      await migrateSqlite(db, before(SQLITE_MIGRATIONS));
      db.exec(INSERT_CUSTOMER);
    } finally {
      db.close();
    }
  },
  postgres: async (url) => {
    const pool = createPool(url, POSTGRES_DEFAULTS);
    try {
      await migratePostgres(pool, before(POSTGRES_MIGRATIONS));
      await pool.query(INSERT_CUSTOMER);
    } finally {
      await pool.end();
    }
  },
};

for (const adapter of STORES) {
  describe(`worker profiles migration (${adapter.name})`, () => {
    it('applies to a store that holds a book, which keeps its customers and takes profiles', async () => {
      const url = await adapter.freshUrl();
      await OLDER_STORE[adapter.name](url);
      const applied: string[] = [];
      const onMigrated = (report: MigrationReport) => applied.push(...report.applied.map((m) => m.name));
      const store =
        adapter.name === 'sqlite'
          ? await openSqliteStore(url, { onMigrated })
          : await openPostgresStore(url, { onMigrated });
      try {
        // The worker profiles first, then whatever migrations came after them.
        assert.equal(applied[0], WORKERS);
        assert.equal(await store.count(), 1);
        assert.equal((await store.get('k1', { kind: 'all' }))?.display_name, 'Kept Customer');
        assert.equal(await store.getWorker('alice@example.com'), null);
        const session = await store.beginWorkerImport({ replace: false });
        await session.upsert([{ identity: 'Alice@example.com', first_name: 'Alice' }]);
        await session.commit();
        assert.deepEqual(await store.getWorker('alice@example.com'), {
          identity: 'Alice@example.com',
          first_name: 'Alice',
        });
      } finally {
        await store.close();
      }
    });
  });
}
