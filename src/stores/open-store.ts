// DATABASE_URL → the store adapter for it.
import type { DatabaseTarget } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';

export async function openStore(target: DatabaseTarget): Promise<CustomerStore> {
  if (target.kind === 'sqlite') return openSqliteStore(target.path);
  const { url, ...settings } = target;
  return openPostgresStore(url, {
    poolSize: settings.poolSize,
    statementTimeoutMs: settings.statementTimeoutMs,
    connectTimeoutMs: settings.connectTimeoutMs,
  });
}
