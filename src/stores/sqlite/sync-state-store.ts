// The CRM sync's state in the SQLite file (migration 12, table sync_state): one row per source. Reads go through the
// store's reading connection and its snapshot, like the API keys; writes use a short-lived connection of their own
// and wait up to its busy_timeout for an import's lock (the sync writes between its batches, never inside one). The
// lease is read and changed inside one write transaction (BEGIN IMMEDIATE), so of two runs racing one takes it.
import {
  type LeaseAnswer,
  type SyncLease,
  type SyncRun,
  type SyncSource,
  type SyncState,
  type SyncStateStore,
  unsynced,
} from '../../directory/sync-state-store.ts';
import type { Connection } from './connection.ts';
import { writeOnce } from './one-write.ts';
import type { SideStoreAccess } from './side-store.ts';

interface StateRow {
  checkpoint: string | null;
  written: number;
  deleted: number;
  skipped: number;
  errors: string | null;
  started_at: string | null;
  finished_at: string | null;
}

interface LeaseRow {
  lease_owner: string | null;
  lease_holder: string | null;
  lease_since: string | null;
  lease_expires: string | null;
}

const LEASE_COLUMNS = 'lease_owner, lease_holder, lease_since, lease_expires';

function leaseOf(row: LeaseRow | undefined, now: number): SyncLease | null {
  if (row?.lease_owner == null || row.lease_expires === null) return null;
  const expires = new Date(row.lease_expires);
  return {
    owner: row.lease_owner,
    holder: row.lease_holder ?? '',
    since: new Date(row.lease_since ?? row.lease_expires),
    expires,
    live: expires.getTime() > now,
  };
}

export class SqliteSyncStateStore implements SyncStateStore {
  readonly #side: SideStoreAccess;

  constructor(side: SideStoreAccess) {
    this.#side = side;
  }

  async get(source: SyncSource): Promise<SyncState> {
    const row = this.#side.read(
      (prepare) =>
        prepare(
          `SELECT checkpoint, written, deleted, skipped, errors, started_at, finished_at, ${LEASE_COLUMNS}
             FROM sync_state WHERE source = :source`,
        ).get({ source }) as (StateRow & LeaseRow) | undefined,
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
    return { source, checkpoint: row.checkpoint, lastRun, lease: leaseOf(row, Date.now()) };
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

  async acquireLease(source: SyncSource, owner: string, holder: string, ttlMs: number): Promise<LeaseAnswer> {
    return this.#write((db) =>
      db
        .transaction((): LeaseAnswer => {
          const now = Date.now();
          const row = db
            .prepare(`SELECT ${LEASE_COLUMNS} FROM sync_state WHERE source = :source`)
            .get({ source }) as LeaseRow | undefined;
          const current = leaseOf(row, now);
          if (current?.live && current.owner !== owner) return { taken: false, held: current };
          const mine = current?.owner === owner;
          db.prepare(
            `INSERT INTO sync_state (source, lease_owner, lease_holder, lease_since, lease_expires)
             VALUES (:source, :owner, :holder, :since, :expires)
             ON CONFLICT (source) DO UPDATE SET lease_owner = excluded.lease_owner,
               lease_holder = excluded.lease_holder, lease_since = excluded.lease_since,
               lease_expires = excluded.lease_expires`,
          ).run({
            source,
            owner,
            holder,
            since: mine && current !== null ? current.since.toISOString() : new Date(now).toISOString(),
            expires: new Date(now + ttlMs).toISOString(),
          });
          return { taken: true, expired: mine ? null : current };
        })
        .immediate(),
    );
  }

  async renewLease(source: SyncSource, owner: string, ttlMs: number): Promise<boolean> {
    // A lapsed lease nobody took yet is still this owner's: renewing it is as safe as taking it again.
    const expires = new Date(Date.now() + ttlMs).toISOString();
    const { changes } = this.#write((db) =>
      db
        .prepare(
          'UPDATE sync_state SET lease_expires = :expires WHERE source = :source AND lease_owner = :owner',
        )
        .run({ source, owner, expires }),
    );
    return changes > 0;
  }

  async releaseLease(source: SyncSource, owner: string): Promise<void> {
    this.#write((db) =>
      db
        .prepare(
          `UPDATE sync_state SET lease_owner = NULL, lease_holder = NULL, lease_since = NULL, lease_expires = NULL
            WHERE source = :source AND lease_owner = :owner`,
        )
        .run({ source, owner }),
    );
  }

  #write<T>(work: (db: Connection) => T): T {
    return writeOnce(this.#side.path, { wait: true, wrote: this.#side.wrote }, work);
  }
}
