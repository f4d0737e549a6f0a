// Writes worker profiles inside an import's write transaction, and reads one back: one primary-key statement each.
import type { WorkerProfile } from '../../directory/worker.ts';
import { toWorkerRow, WORKER_COLUMNS, type WorkerRow } from '../worker-row.ts';
import type { Connection } from './connection.ts';
import type { BatchWriter } from './import-session.ts';

const COLUMNS = WORKER_COLUMNS.join(', ');

export const WORKER_SQL = `SELECT ${COLUMNS} FROM workers WHERE worker_key = :workerKey`;

export function workerWriter(
  db: Connection,
  options: { replace: boolean },
): BatchWriter<WorkerProfile, void> {
  if (options.replace) db.exec('DELETE FROM workers');
  const upsert = db.prepare<[WorkerRow]>(
    `INSERT INTO workers (${COLUMNS}) VALUES (@worker_key, @identity, @display_name, @first_name, @last_name)
      ON CONFLICT (worker_key) DO UPDATE SET identity = excluded.identity, display_name = excluded.display_name,
        first_name = excluded.first_name, last_name = excluded.last_name`,
  );
  return {
    // A savepoint per batch, as for customers: a batch that fails half way leaves nothing behind.
    write: db.transaction((profiles: readonly WorkerProfile[]) => {
      for (const profile of profiles) upsert.run(toWorkerRow(profile));
    }),
    finish() {},
  };
}
