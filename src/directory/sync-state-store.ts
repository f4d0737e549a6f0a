// The port for the CRM sync's state, one member of every CustomerStore (`store.syncState`), so that a sync resumes
// from its last committed batch on any instance that shares the store, and `frontline sync status` can show the last
// run. One row per source. It also holds each source's lease, so that only one run per source goes at a time on all
// the instances sharing the store. Defined by test/stores/sync-state-store.test.ts, run on every store.

export const SYNC_SOURCES = ['hubspot', 'salesforce'] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

/** What one sync run did. */
export interface SyncRun {
  written: number;
  deleted: number;
  skipped: number;
  /** A short text (no customer data), null when the run had none. */
  errors: string | null;
  startedAt: Date;
  /** null while the run is going (or when it died). */
  finishedAt: Date | null;
}

/** Who may run a source's sync: the run that took the lease, until it releases it or the lease expires. */
export interface SyncLease {
  /** The run's own random id: only it renews or releases the lease. */
  owner: string;
  /** Where the run is, for a person: host and pid (no secret). */
  holder: string;
  /** When the owner took it. */
  since: Date;
  /** When it lapses unless renewed, by the store's clock (PostgreSQL's for every instance). */
  expires: Date;
  /** Not yet expired (by the store's clock): a run holds the source now. */
  live: boolean;
}

export type LeaseAnswer =
  /** Taken; `expired` is the lapsed lease of a run that died, which this one took over, else null. */
  { taken: true; expired: SyncLease | null } | { taken: false; held: SyncLease };

export interface SyncState {
  source: SyncSource;
  /** Where the next incremental run starts: opaque to the store, owned by the source's connector. null: from scratch. */
  checkpoint: string | null;
  /** The last run recorded (saveRun), null when none. */
  lastRun: SyncRun | null;
  /** The lease, live or lapsed; null when no run holds one (released, or never taken). */
  lease: SyncLease | null;
}

export interface SyncStateStore {
  /** The state of one source; a source never synced has a null checkpoint and no run. */
  get(source: SyncSource): Promise<SyncState>;
  /** Sets the checkpoint, leaving the run as it is: called after each committed batch. */
  saveCheckpoint(source: SyncSource, checkpoint: string | null): Promise<void>;
  /** Records the current (or last) run, leaving the checkpoint as it is. */
  saveRun(source: SyncSource, run: SyncRun): Promise<void>;
  /**
   * Takes the source's lease for `ttlMs` when nobody holds it, its holder's lease has expired, or `owner` holds it
   * already (then it is renewed): atomically, so of two runs racing exactly one gets it.
   */
  acquireLease(source: SyncSource, owner: string, holder: string, ttlMs: number): Promise<LeaseAnswer>;
  /** Pushes the expiry to now + ttlMs; false when `owner` no longer holds the lease (it expired and was taken). */
  renewLease(source: SyncSource, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `owner` still holds it. */
  releaseLease(source: SyncSource, owner: string): Promise<void>;
}

/** The state of a source the store has no row for. */
export function unsynced(source: SyncSource): SyncState {
  return { source, checkpoint: null, lastRun: null, lease: null };
}
