// What the small stores beside the customers (API keys, sync state, routing state, opt-outs) take from the SQLite
// store: its file, for their short-lived write connections; reads through the reading connection and its snapshot
// (read-snapshot.ts); and `wrote`, which ends that snapshot, so that whoever wrote reads the change at once.
import type { Prepare } from './statement-cache.ts';

export type SnapshotRead = <T>(work: (prepare: Prepare) => T) => T;

export interface SideStoreAccess {
  path: string;
  read: SnapshotRead;
  wrote: () => void;
}
