// Brings a database up to the latest schema in one write transaction (BEGIN IMMEDIATE), so two processes opening
// the same new file cannot both migrate it, and a failed migration leaves nothing half applied.
import { type MigrationReport, runMigrations } from '../migrate.ts';
import type { Migration } from '../migration.ts';
import type { Connection } from './connection.ts';
import { MIGRATIONS } from './migrations.ts';

export async function migrate(
  db: Connection,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const report = await runMigrations(
      {
        appliedVersions() {
          db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
          ) STRICT`);
          return db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all();
        },
        apply(migration) {
          db.exec(migration.sql);
          db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
            migration.version,
            migration.name,
            new Date().toISOString(),
          );
        },
      },
      migrations,
    );
    db.exec('COMMIT');
    return report;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
