// The CRM sync's state in PostgreSQL (migration 8, table sync_state): one row per source, read and written through
// the store's pool under its time budget, so every instance sees where a sync stands at its next read. The lease is
// a row lock away from a race: taking it reads the row FOR UPDATE and changes it in one transaction, and every time
// is the server's (now()), so instances whose clocks differ agree on when a lease lapses. A lease row rather than a
// session advisory lock, because instances may reach PostgreSQL through a pooler that does not keep sessions.
import {
  type LeaseAnswer,
  type SyncLease,
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

interface LeaseRow {
  lease_owner: string | null;
  lease_holder: string | null;
  lease_since: Date | null;
  lease_expires: Date | null;
  lease_live: boolean | null;
}

const LEASE_COLUMNS =
  'lease_owner, lease_holder, lease_since, lease_expires, lease_expires > now() AS lease_live';

function leaseOf(row: LeaseRow | undefined): SyncLease | null {
  if (row?.lease_owner == null || row.lease_expires === null) return null;
  return {
    owner: row.lease_owner,
    holder: row.lease_holder ?? '',
    since: row.lease_since ?? row.lease_expires,
    expires: row.lease_expires,
    live: row.lease_live === true,
  };
}

export class PostgresSyncStateStore implements SyncStateStore {
  readonly #call: StoreCall;

  constructor(call: StoreCall) {
    this.#call = call;
  }

  async get(source: SyncSource): Promise<SyncState> {
    const [row] = await this.#call((run) =>
      run<StateRow & LeaseRow>(
        `SELECT checkpoint, written, deleted, skipped, errors, started_at, finished_at, ${LEASE_COLUMNS}
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
    return { source, checkpoint: row.checkpoint, lastRun, lease: leaseOf(row) };
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

  async acquireLease(source: SyncSource, owner: string, holder: string, ttlMs: number): Promise<LeaseAnswer> {
    return this.#call(async (run) => {
      // A failure mid-way releases the connection as broken (connection.ts), which rolls the transaction back.
      await run('BEGIN');
      await run('INSERT INTO sync_state (source) VALUES ($1) ON CONFLICT (source) DO NOTHING', [source]);
      const [row] = await run<LeaseRow>(
        `SELECT ${LEASE_COLUMNS} FROM sync_state WHERE source = $1 FOR UPDATE`,
        [source],
      );
      const current = leaseOf(row);
      if (current?.live && current.owner !== owner) {
        await run('COMMIT');
        return { taken: false, held: current };
      }
      const mine = current?.owner === owner;
      await run(
        `UPDATE sync_state SET lease_owner = $2, lease_holder = $3,
           lease_since = CASE WHEN $5 THEN lease_since ELSE now() END,
           lease_expires = now() + $4 * interval '1 millisecond'
         WHERE source = $1`,
        [source, owner, holder, ttlMs, mine],
      );
      await run('COMMIT');
      return { taken: true, expired: mine ? null : current };
    });
  }

  async renewLease(source: SyncSource, owner: string, ttlMs: number): Promise<boolean> {
    // A lapsed lease nobody took yet is still this owner's: renewing it is as safe as taking it again.
    const rows = await this.#call((run) =>
      run(
        `UPDATE sync_state SET lease_expires = now() + $3 * interval '1 millisecond'
          WHERE source = $1 AND lease_owner = $2 RETURNING source`,
        [source, owner, ttlMs],
      ),
    );
    return rows.length > 0;
  }

  async releaseLease(source: SyncSource, owner: string): Promise<void> {
    await this.#call((run) =>
      run(
        `UPDATE sync_state SET lease_owner = NULL, lease_holder = NULL, lease_since = NULL, lease_expires = NULL
          WHERE source = $1 AND lease_owner = $2`,
        [source, owner],
      ),
    );
  }
}
