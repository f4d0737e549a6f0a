// DATABASE_URL's target → the store adapter for it. The one place that knows every backend: commands and tests open
// stores here.
import type { CustomerStore } from '../directory/customer-store.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { StoreOptions } from './store-options.ts';
import type { DatabaseTarget } from './store-settings.ts';

export type OpenOptions = Pick<StoreOptions, 'onMigrated'>;

export async function openStore(target: DatabaseTarget, options: OpenOptions = {}): Promise<CustomerStore> {
  if (target.kind === 'sqlite') return openSqliteStore(target.path, options);
  const { kind: _, url, ...settings } = target;
  return openPostgresStore(url, { ...settings, ...options });
}

/** The backend's name, as messages say it. */
export function storeName(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}
