// The connection pool every store call borrows from, with the limits that keep a callback inside Frontline's
// 6-second budget when the database is slow or gone: a connection is given up after connectTimeoutMs, and the server
// cancels any statement after statementTimeoutMs.
import pg from 'pg';
import type { PostgresSettings } from '../store-settings.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** How many store calls may wait for a connection of each pool (pg's Pool has no bound of its own). */
const waitLimits = new WeakMap<Pool, number>();

/** PG_POOL_MAX_WAITING of the pool (unbounded for a pool not made here). */
export function waitLimitOf(pool: Pool): number {
  return waitLimits.get(pool) ?? Number.POSITIVE_INFINITY;
}

export function createPool(url: string, settings: PostgresSettings): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
    idleTimeoutMillis: 30_000,
    // An idle connection whose server vanished without a word (a failover, a dropped NAT entry) is found out.
    keepAlive: true,
    application_name: 'frontline',
  });
  // A connection that breaks while idle in the pool (the server restarts, a proxy drops it) is emitted here; the
  // pool has already discarded it and the next query opens a fresh one. Without a listener Node would crash.
  pool.on('error', () => {});
  waitLimits.set(pool, settings.maxWaiting);
  return pool;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL URL given';
  }
}
