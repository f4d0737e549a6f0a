// The port for the CRM sync's state, one member of every CustomerStore (`store.syncState`), so that a sync resumes
// from its last committed batch on any instance that shares the store, and `frontline sync status` can show the last
// run. One row per source. Defined by test/stores/sync-state-store.test.ts, run on every store.

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

export interface SyncState {
  source: SyncSource;
  /** Where the next incremental run starts: opaque to the store, owned by the source's connector. null: from scratch. */
  checkpoint: string | null;
  /** The last run recorded (saveRun), null when none. */
  lastRun: SyncRun | null;
}

export interface SyncStateStore {
  /** The state of one source; a source never synced has a null checkpoint and no run. */
  get(source: SyncSource): Promise<SyncState>;
  /** Sets the checkpoint, leaving the run as it is: called after each committed batch. */
  saveCheckpoint(source: SyncSource, checkpoint: string | null): Promise<void>;
  /** Records the current (or last) run, leaving the checkpoint as it is. */
  saveRun(source: SyncSource, run: SyncRun): Promise<void>;
}

/** The state of a source the store has no row for. */
export function unsynced(source: SyncSource): SyncState {
  return { source, checkpoint: null, lastRun: null };
}
