// The one migration runner. Each store keeps an append-only list of migrations and a ledger of the versions it
// applied (`schema_migrations`); the store holds one transaction (and, on PostgreSQL, a lock) around this run, so a
// failed migration leaves nothing half applied and two processes never both apply one.
import type { Migration } from './migration.ts';

export interface MigrationReport {
  /** The migrations this run applied, oldest first; empty when the schema was already current. */
  applied: Migration[];
  version: number;
}

/** A store's side of a run: read its ledger (creating it when missing), apply one migration and record it. */
export interface MigrationLedger {
  appliedVersions(): number[] | Promise<number[]>;
  apply(migration: Migration): void | Promise<void>;
}

export async function runMigrations(
  ledger: MigrationLedger,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  const done = new Set(await ledger.appliedVersions());
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...done].filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new Error(
      `The customer store has schema version ${Math.max(...unknown)}, newer than this program knows; upgrade it`,
    );
  }
  const applied = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
  for (const migration of applied) await ledger.apply(migration);
  return { applied, version: Math.max(0, ...done, ...applied.map((migration) => migration.version)) };
}
