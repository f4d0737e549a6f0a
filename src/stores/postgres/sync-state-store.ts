// The CRM sync's state in PostgreSQL (migration 8, table sync_state): one row per source, read and written through
// the store's pool under its time budget, so every instance sees where a sync stands at its next read.
import {
  type SyncRun,
  type SyncSource,
  type SyncState,
  type SyncStateStore,
  unsynced,
} from '../../directory/sync-state-store.ts';
import type { StoreCall } from './api-key-store.ts';

interface StateRow {
  checkpoint: string | null;
  written: number;
  deleted: number;
  skipped: number;
  errors: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

export class PostgresSyncStateStore implements SyncStateStore {
  readonly #call: StoreCall;

  constructor(call: StoreCall) {
    this.#call = call;
  }

  async get(source: SyncSource): Promise<SyncState> {
    const [row] = await this.#call((run) =>
      run<StateRow>(
        `SELECT checkpoint, written, deleted, skipped, errors, started_at, finished_at
           FROM sync_state WHERE source = $1`,
        [source],
      ),
    );
    if (row === undefined) return unsynced(source);
    const lastRun: SyncRun | null =
      row.started_at === null
        ? null
        : {
            written: row.written,
            deleted: row.deleted,
            skipped: row.skipped,
            errors: row.errors,
            startedAt: row.started_at,
            finishedAt: row.finished_at,
          };
    return { source, checkpoint: row.checkpoint, lastRun };
  }

  async saveCheckpoint(source: SyncSource, checkpoint: string | null): Promise<void> {
    await this.#call((run) =>
      run(
        `INSERT INTO sync_state (source, checkpoint) VALUES ($1, $2)
         ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint`,
        [source, checkpoint],
      ),
    );
  }

  async saveRun(source: SyncSource, run: SyncRun): Promise<void> {
    await this.#call((exec) =>
      exec(
        `INSERT INTO sync_state (source, written, deleted, skipped, errors, started_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (source) DO UPDATE SET written = excluded.written, deleted = excluded.deleted,
           skipped = excluded.skipped, errors = excluded.errors, started_at = excluded.started_at,
           finished_at = excluded.finished_at`,
        [source, run.written, run.deleted, run.skipped, run.errors, run.startedAt, run.finishedAt],
      ),
    );
  }
}
