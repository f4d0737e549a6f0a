// The API keys' migration takes SQLite version 10 and PostgreSQL version 7 while versions 9 and 6 belong to a change
// made in parallel. A store migrated by this release must still take that change's migration when it arrives: the
// runner applies every missing version, also one below the newest applied. Runs on every store.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Migration } from '../../src/stores/migration.ts';
import { migrate as migratePostgres } from '../../src/stores/postgres/migrate.ts';
import { MIGRATIONS as POSTGRES_MIGRATIONS } from '../../src/stores/postgres/migrations.ts';
import { createPool } from '../../src/stores/postgres/pool.ts';
import { openConnection } from '../../src/stores/sqlite/connection.ts';
import { migrate as migrateSqlite } from '../../src/stores/sqlite/migrate.ts';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/stores/sqlite/migrations.ts';
import { POSTGRES_DEFAULTS } from '../../src/stores/store-settings.ts';
import { STORES, type StoreName } from '../support/stores.ts';

const API_KEYS = 'keys of the directory API';
const KEYS_VERSION: Record<StoreName, number> = { sqlite: 10, postgres: 7 };

/** The parallel change's migration, one below the keys' (unless that version already came in a merge). */
const standIn = (migrations: readonly Migration[], version: number): Migration[] =>
  migrations.some((migration) => migration.version === version)
    ? []
    : [{ version, name: 'a parallel change', sql: 'CREATE TABLE parallel_change (id integer PRIMARY KEY)' }];

interface Versions {
  applied: number[];
  version: number;
}

/** Migrates a new store twice: first this release's list, then the list with the stand-in; the second run's report. */
const MIGRATE_TWICE: Record<StoreName, (url: string, version: number) => Promise<Versions>> = {
  sqlite: async (path, version) => {
    // The connection registers the SQL functions the earlier migrations call.
    const db = openConnection(path, { cacheKiB: 1024 });
    try {
      await migrateSqlite(db);
      const report = await migrateSqlite(db, [...SQLITE_MIGRATIONS, ...standIn(SQLITE_MIGRATIONS, version)]);
      db.prepare('INSERT INTO parallel_change (id) VALUES (1)').run();
      return { applied: report.applied.map((m) => m.version), version: report.version };
    } finally {
      db.close();
    }
  },
  postgres: async (url, version) => {
    const pool = createPool(url, POSTGRES_DEFAULTS);
    try {
      await migratePostgres(pool);
      const report = await migratePostgres(pool, [
        ...POSTGRES_MIGRATIONS,
        ...standIn(POSTGRES_MIGRATIONS, version),
      ]);
      await pool.query('INSERT INTO parallel_change (id) VALUES (1)');
      return { applied: report.applied.map((m) => m.version), version: report.version };
    } finally {
      await pool.end();
    }
  },
};

const latest = (migrations: readonly Migration[]) => Math.max(...migrations.map((m) => m.version));

for (const adapter of STORES) {
  describe(`API keys migration (${adapter.name})`, () => {
    const migrations = adapter.name === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS;

    it(`is version ${KEYS_VERSION[adapter.name]}`, () => {
      assert.equal(
        migrations.find((migration) => migration.name === API_KEYS)?.version,
        KEYS_VERSION[adapter.name],
      );
    });

    it('leaves a gap below it that a later migration list can fill, on a store already past it', async (t) => {
      const below = KEYS_VERSION[adapter.name] - 1;
      if (standIn(migrations, below).length === 0) return t.skip(`version ${below} has been merged`);
      const second = await MIGRATE_TWICE[adapter.name](await adapter.freshUrl(), below);
      assert.deepEqual(second, { applied: [below], version: latest(migrations) });
    });
  });
}
