// Brings a database up to the latest schema in one write transaction (BEGIN IMMEDIATE), so two processes opening
// the same new file cannot both migrate it, and a failed migration leaves nothing half applied. A file that is
// already current is only read: opening it needs no write lock, so a server or a second command can open the store
// while an import holds that lock (the second import is then told the store is busy, by its own session).
import { type MigrationReport, runMigrations } from '../migrate.ts';
import type { Migration } from '../migration.ts';
import type { Connection } from './connection.ts';
import { MIGRATIONS } from './migrations.ts';

export async function migrate(
  db: Connection,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  const current = currentVersion(db, migrations);
  if (current !== null) return { applied: [], version: current };
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

/** The schema version when every migration is applied already and none unknown; null when there is work (or news). */
function currentVersion(db: Connection, migrations: readonly Migration[]): number | null {
  const table = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
    .pluck()
    .get();
  if (table === undefined) return null;
  const done = new Set(db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all());
  const known = migrations.map((migration) => migration.version);
  if (done.size !== known.length || !known.every((version) => done.has(version))) return null;
  return Math.max(0, ...known);
}
