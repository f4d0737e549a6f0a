// Worker profiles inside an import's transaction, a chunk at a time in one upsert whose columns travel as arrays
// (unnest), and the one-profile lookup a template reads: a primary-key read.
import type { WorkerProfile } from '../../directory/worker.ts';
import { toWorkerRow, WORKER_COLUMNS, type WorkerRow } from '../worker-row.ts';
import type { ImportWrites } from './import-session.ts';

const CHUNK = 1000;
const COLUMNS = WORKER_COLUMNS.join(', ');
const ARRAYS = WORKER_COLUMNS.map((_, i) => `$${i + 1}::text[]`).join(', ');
const UPDATES = WORKER_COLUMNS.filter((column) => column !== 'worker_key')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');

export const WORKER_SQL = `SELECT ${COLUMNS} FROM workers WHERE worker_key = $1`;

/** What a replace of the worker profiles empties first. */
export const CLEAR_WORKERS = 'DELETE FROM workers';

export const WORKER_WRITES: ImportWrites<WorkerProfile, void> = {
  async write(run, profiles) {
    for (let start = 0; start < profiles.length; start += CHUNK) {
      // One statement cannot upsert a row twice: a chunk keeps the last profile of each key, as a file would.
      const rows = new Map<string, WorkerRow>();
      for (const profile of profiles.slice(start, start + CHUNK)) {
        const row = toWorkerRow(profile);
        rows.set(row.worker_key, row);
      }
      await run(
        `INSERT INTO workers (${COLUMNS}) SELECT * FROM unnest(${ARRAYS})
          ON CONFLICT (worker_key) DO UPDATE SET ${UPDATES}`,
        WORKER_COLUMNS.map((column) => [...rows.values()].map((row) => row[column])),
      );
    }
  },
};
