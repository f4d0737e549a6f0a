// The CRM sync's state in the SQLite file (migration 12, table sync_state): one row per source. Reads go through the
// store's reading connection and its snapshot, like the API keys; writes use a short-lived connection of their own
// and wait up to its busy_timeout for an import's lock (the sync writes between its batches, never inside one).
import {
  type SyncRun,
  type SyncSource,
  type SyncState,
  type SyncStateStore,
  unsynced,
} from '../../directory/sync-state-store.ts';
import type { SnapshotRead } from './api-key-store.ts';
import type { Connection } from './connection.ts';
import { writeOnce } from './one-write.ts';

interface StateRow {
  checkpoint: string | null;
  written: number;
  deleted: number;
  skipped: number;
  errors: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export class SqliteSyncStateStore implements SyncStateStore {
  readonly #path: string;
  readonly #read: SnapshotRead;
  readonly #wrote: () => void;

  constructor(path: string, read: SnapshotRead, wrote: () => void) {
    this.#path = path;
    this.#read = read;
    this.#wrote = wrote;
  }

  async get(source: SyncSource): Promise<SyncState> {
    const row = this.#read(
      (prepare) =>
        prepare(
          `SELECT checkpoint, written, deleted, skipped, errors, started_at, finished_at
             FROM sync_state WHERE source = :source`,
        ).get({ source }) as StateRow | undefined,
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
            startedAt: new Date(row.started_at),
            finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
          };
    return { source, checkpoint: row.checkpoint, lastRun };
  }

  async saveCheckpoint(source: SyncSource, checkpoint: string | null): Promise<void> {
    this.#write((db) =>
      db
        .prepare(
          `INSERT INTO sync_state (source, checkpoint) VALUES (:source, :checkpoint)
           ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint`,
        )
        .run({ source, checkpoint }),
    );
  }

  async saveRun(source: SyncSource, run: SyncRun): Promise<void> {
    this.#write((db) =>
      db
        .prepare(
          `INSERT INTO sync_state (source, written, deleted, skipped, errors, started_at, finished_at)
           VALUES (:source, :written, :deleted, :skipped, :errors, :started, :finished)
           ON CONFLICT (source) DO UPDATE SET written = excluded.written, deleted = excluded.deleted,
             skipped = excluded.skipped, errors = excluded.errors, started_at = excluded.started_at,
             finished_at = excluded.finished_at`,
        )
        .run({
          source,
          written: run.written,
          deleted: run.deleted,
          skipped: run.skipped,
          errors: run.errors,
          started: run.startedAt.toISOString(),
          finished: run.finishedAt?.toISOString() ?? null,
        }),
    );
  }

  #write(work: (db: Connection) => unknown): void {
    writeOnce(this.#path, { wait: true, wrote: this.#wrote }, work);
  }
}
