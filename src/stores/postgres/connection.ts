// One borrowed connection per store call, under one time budget. Every query of the call gets what is left of the
// budget as its client-side timeout: the server's statement_timeout cancels a slow statement, and this catches a
// server that no longer answers at all. Errors leave as storeError() makes them; a connection that saw one is closed
// rather than handed to the next caller, since it may be mid-statement or broken.
import type { QueryConfig } from 'pg';
import { overloaded } from '../../errors.ts';
import { type Pool, type PoolClient, waitLimitOf } from './pool.ts';
import { storeError } from './store-errors.ts';

export type Row = Record<string, unknown>;
/** `arrays`: each row as an array of its columns in SELECT order (pg's rowMode 'array'), not as an object. */
export type Run = <R = Row>(text: string, values?: readonly unknown[], arrays?: boolean) => Promise<R[]>;

/**
 * A connection, or at once 503 overloaded when PG_POOL_MAX_WAITING calls already wait for one. A call that had to
 * wait for a busy pool and timed out (PG_CONNECT_TIMEOUT_MS) is overloaded too: the database answers, this process
 * asks more of it than its pool can carry. A timeout with a free slot is the database not answering (unavailable).
 */
export async function borrow(pool: Pool): Promise<PoolClient> {
  const busy = pool.totalCount >= (pool.options.max ?? 10) && pool.idleCount === 0;
  if (busy && pool.waitingCount >= waitLimitOf(pool))
    throw overloaded(`${pool.waitingCount} store calls already wait for a PostgreSQL connection`);
  try {
    return await pool.connect();
  } catch (error) {
    if (busy && isPoolTimeout(error)) throw overloaded('no PostgreSQL connection became free in time');
    throw storeError(error);
  }
}

const isPoolTimeout = (error: unknown) =>
  error instanceof Error && error.message.startsWith('timeout exceeded when trying to connect');

/** Runs `text` on `client`, giving up (client side) after `timeoutMs`; 0 waits as long as the server takes. */
export async function runOn<R = Row>(
  client: PoolClient,
  text: string,
  values: readonly unknown[],
  timeoutMs: number,
  arrays = false,
): Promise<R[]> {
  // pg honours query_timeout and rowMode per query; its QueryConfig type knows neither.
  const config: QueryConfig & { query_timeout?: number; rowMode?: 'array' } = { text, values: [...values] };
  if (arrays) config.rowMode = 'array';
  if (timeoutMs > 0) config.query_timeout = Math.max(1, Math.ceil(timeoutMs));
  const result = await client.query(config);
  return result.rows as R[];
}

export async function withConnection<T>(
  pool: Pool,
  budgetMs: number,
  work: (run: Run) => Promise<T>,
): Promise<T> {
  const client = await borrow(pool);
  const deadline = Date.now() + budgetMs;
  let failed = false;
  // A checked-out client reports a dropped connection as an 'error' event; the query in flight rejects as well.
  const ignore = () => {
    failed = true;
  };
  client.on('error', ignore);
  const run: Run = (text, values = [], arrays = false) =>
    runOn(client, text, values, Math.max(1, deadline - Date.now()), arrays);
  try {
    return await work(run);
  } catch (error) {
    failed = true;
    throw storeError(error);
  } finally {
    client.off('error', ignore);
    client.release(failed);
  }
}
