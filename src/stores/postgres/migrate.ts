// Brings the database up to the latest schema in one transaction, under an advisory lock: instances that start at
// once take turns, the first applies what is missing and the others find nothing left to do. A failed migration
// leaves nothing half applied (PostgreSQL's DDL is transactional). The run itself is ../migrate.ts.

import { type MigrationReport, runMigrations } from '../migrate.ts';
import type { Migration } from '../migration.ts';
import { borrow, runOn } from './connection.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Pool } from './pool.ts';

const MIGRATION_LOCK = `SELECT pg_advisory_xact_lock(${0x66726f6d}, hashtext(current_schema()))`;

export async function migrate(
  pool: Pool,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  const client = await borrow(pool);
  client.on('error', () => {});
  // No client-side limit, and none on the server: waiting for another instance's migration is the point of the lock.
  const run = <R>(text: string, values: unknown[] = []) => runOn<R>(client, text, values, 0);
  let committed = false;
  try {
    await run('BEGIN; SET LOCAL statement_timeout = 0');
    await run(MIGRATION_LOCK);
    const report = await runMigrations(
      {
        async appliedVersions() {
          // Checked before CREATE: an application role that may not create tables can still start on a migrated
          // schema.
          const [table] = await run<{ found: boolean }>(
            "SELECT to_regclass('schema_migrations') IS NOT NULL AS found",
          );
          if (table?.found !== true) {
            await run(`CREATE TABLE schema_migrations (
              version integer PRIMARY KEY,
              name text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now()
            )`);
          }
          const rows = await run<{ version: number }>('SELECT version FROM schema_migrations');
          return rows.map((row) => row.version);
        },
        async apply(migration) {
          await run(migration.sql).catch((error: unknown) => {
            throw migrationError(migration, error);
          });
          await run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
        },
      },
      migrations,
    );
    await run('COMMIT');
    committed = true;
    return report;
  } finally {
    client.release(!committed);
  }
}

// The one step that needs more than the database's CREATE privilege is the extension; say what to do about it.
function migrationError(migration: Migration, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  let hint = '';
  if (/pg_trgm/.test(message) && code === '42501') {
    hint = ' (ask an administrator to run CREATE EXTENSION pg_trgm in this database, or grant CREATE on it)';
  } else if (/pg_trgm/.test(message) && /not available|control file/.test(message)) {
    hint =
      ' (the server lacks the pg_trgm extension: on Debian or Ubuntu, apt-get install postgresql-contrib)';
  }
  return new Error(`migration ${migration.version} (${migration.name}) failed: ${message}${hint}`, {
    cause: error,
  });
}
