// One read transaction per turn of the event loop on the store's connection. Outside a transaction SQLite takes and
// drops its WAL read lock around every statement (two fcntl calls and a stat, about 6 µs: more than the lookup it
// guards). Under load one turn answers many requests, so they now share one lock, and every statement of a request
// reads the same committed book, even while an import in another process commits.
//
// The snapshot ends at setImmediate, so a commit elsewhere is seen from the next turn on, and checkpoints are never
// held back for longer than one turn. The store also ends it when its own import commits and before it closes.
import type { Connection } from './connection.ts';
import type { Prepare } from './statement-cache.ts';

export interface ReadSnapshot {
  /** Before a read: starts the turn's transaction unless one is open. */
  enter(): void;
  /** Ends the transaction now (an import of this store committed, the store closes). */
  end(): void;
}

export function readSnapshot(db: Connection, prepare: Prepare): ReadSnapshot {
  let open = false;
  const end = (): void => {
    if (!open) return;
    open = false;
    // A read transaction has nothing to lose; if COMMIT fails (it should not), ROLLBACK still releases the lock,
    // and a timer callback must not throw.
    try {
      prepare('COMMIT').run({});
    } catch {
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // The connection is closed: it holds nothing.
      }
    }
  };
  return {
    enter() {
      if (open) return;
      // BEGIN is deferred: the lock and the snapshot come with the first read.
      prepare('BEGIN').run({});
      open = true;
      setImmediate(end);
    },
    end,
  };
}
