// Brings a database up to the latest schema in one write transaction, so two processes opening the same new file
// cannot both migrate it, and a failed migration leaves nothing half applied.

import type { Migration } from '../migration.ts';
import type { Connection } from './connection.ts';
import { MIGRATIONS } from './migrations.ts';

export function migrate(db: Connection, migrations: readonly Migration[] = MIGRATIONS): void {
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const applied = new Set(db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all());
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...applied].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new Error(
        `The customer store has schema version ${Math.max(...unknown)}, newer than this program knows; upgrade it`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  });
  apply.immediate();
}
