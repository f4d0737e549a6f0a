// DATABASE_URL → the store adapter for it.
import type { DatabaseTarget } from '../config.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { CustomerStore } from './store.ts';

export async function openStore(target: DatabaseTarget): Promise<CustomerStore> {
  if (target.kind === 'sqlite') return openSqliteStore(target.path);
  throw new Error('PostgreSQL DATABASE_URLs are not supported by this version yet; use a SQLite file path');
}
