// How many workers have a customer, for the start banner. Both stores keep assignments keyed by worker_key first, so a
// loose index scan (the next key after the last one, a probe each) costs one probe a worker, not a pass over the
// book: about 10,000 probes for a 1M book with 10,000 reps. The same SQL runs on SQLite and PostgreSQL.
export const COUNT_WORKERS_SQL = `
  WITH RECURSIVE keys (k) AS (
    SELECT min(worker_key) FROM assignments
    UNION ALL
    SELECT (SELECT min(worker_key) FROM assignments WHERE worker_key > keys.k) FROM keys WHERE keys.k IS NOT NULL
  )
  SELECT CAST(count(k) AS integer) AS n FROM keys`;

/**
 * Up to `limit` worker keys from `from` on, in key order, for the simulator's sign-in picker: the same loose index
 * scan, stopped after `limit` probes. `from` and `limit` are the dialect's placeholders ($1, :from).
 */
export const listWorkersSql = (from: string, limit: string) => `
  WITH RECURSIVE keys (k, n) AS (
    SELECT (SELECT min(worker_key) FROM assignments WHERE worker_key >= ${from}), 1
    UNION ALL
    SELECT (SELECT min(worker_key) FROM assignments WHERE worker_key > keys.k), n + 1
      FROM keys WHERE keys.k IS NOT NULL AND n < ${limit}
  )
  SELECT k FROM keys WHERE k IS NOT NULL ORDER BY n`;
