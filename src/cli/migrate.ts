// `frontline migrate`: bring the customer store's schema up to date and say where it stands. Every command that opens
// the store migrates it too; this one lets a deployment do it first (with a role allowed to create tables and the
// pg_trgm extension) and run the service under a narrower one.
import { loadConfig } from '../config.ts';
import { openStore } from '../stores/open-store.ts';
import { migratePostgres } from '../stores/postgres/postgres-store.ts';
import { parse } from './args.ts';

export async function migrateCommand(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const { database } = loadConfig(process.env);
  if (database.kind === 'sqlite') {
    // The SQLite store migrates when it opens (one write transaction), so opening it is the whole job.
    await (await openStore(database)).close();
    process.stderr.write(`SQLite store at ${database.path} is up to date\n`);
    return 0;
  }
  const { url, ...settings } = database;
  const report = await migratePostgres(url, settings);
  for (const migration of report.applied) {
    process.stderr.write(`applied migration ${migration.version}: ${migration.name}\n`);
  }
  const state = report.applied.length === 0 ? 'already at' : 'now at';
  process.stderr.write(`PostgreSQL schema ${state} version ${report.version}\n`);
  return 0;
}
