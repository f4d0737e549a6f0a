// One autocommit write on a connection opened for it and closed after: how the small tables beside the book (API
// keys, sync state) are written. The store's reading connection holds a read transaction all turn, which a write
// would have to upgrade; a connection of its own keeps reads and writes apart.
import { type Connection, openConnection } from './connection.ts';
import { storeError } from './store-errors.ts';

// A connection that writes one row needs no more than SQLite's smallest cache.
const WRITER_CACHE_KIB = 1024;

export interface OneWriteOptions {
  /** Wait for another writer's lock up to busy_timeout (5 s), or fail at once with store_unavailable. */
  wait: boolean;
  /** After the write, done or failed: the store ends its reading snapshot so that it sees the change. */
  wrote: () => void;
}

export function writeOnce<T>(path: string, options: OneWriteOptions, work: (db: Connection) => T): T {
  let db: Connection | undefined;
  try {
    db = openConnection(path, { cacheKiB: WRITER_CACHE_KIB });
    if (!options.wait) db.pragma('busy_timeout = 0');
    return work(db);
  } catch (error) {
    throw storeError(error);
  } finally {
    db?.close();
    options.wrote();
  }
}
