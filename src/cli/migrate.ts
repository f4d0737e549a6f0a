// `frontline migrate`: bring the customer store's schema up to date and say where it stands. Every command that opens
// the store migrates it too; this one lets a deployment do it first (with a role allowed to create tables and, on
// PostgreSQL, the pg_trgm extension) and run the service under a narrower one.
import { loadConfig } from '../config.ts';
import type { MigrationReport } from '../stores/migrate.ts';
import { openStore, storeName } from '../stores/open-store.ts';
import { parse } from './args.ts';

export async function migrateCommand(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const { database } = loadConfig(process.env);
  let report: MigrationReport | undefined;
  const store = await openStore(database, {
    onMigrated: (done) => {
      report = done;
    },
  });
  await store.close();
  for (const migration of report?.applied ?? []) {
    process.stderr.write(`applied migration ${migration.version}: ${migration.name}\n`);
  }
  const state = report?.applied.length === 0 ? 'already at' : 'now at';
  process.stderr.write(`${storeName(database)} schema ${state} version ${report?.version ?? 0}\n`);
  return 0;
}
