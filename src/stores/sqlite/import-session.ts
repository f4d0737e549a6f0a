// An import holds one write transaction on a connection of its own, across as many awaits as the reader needs:
// the store's own connection keeps answering from the last committed book until COMMIT, and a process that dies
// before COMMIT leaves the file as it was (SQLite discards an uncommitted WAL tail on the next open). Customers and
// worker profiles are imported alike; each brings its own writer.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportSession } from '../../directory/customer-store.ts';
import { type Connection, openConnection } from './connection.ts';

// A bulk import touches index pages all over the file. Measured on 1M records: 92 s with a 64 MiB cache, 62-74 s
// with 256 MiB, no better with 1 GiB. SQLite only allocates the cache as pages are used.
const IMPORT_CACHE_KIB = 256 * 1024;
const LOCK_WAIT_MS = 5000;

/** What an import writes, inside its transaction: a batch at a time, then whatever is left before COMMIT. */
export interface BatchWriter<T> {
  write(items: readonly T[]): void;
  finish(): void;
}

export type EndedImport = (session: ImportSession<never>) => void;

export async function beginSqliteImport<T>(
  path: string,
  writerOf: (db: Connection) => BatchWriter<T>,
  onEnd: EndedImport,
): Promise<ImportSession<T>> {
  const db = openConnection(path, { cacheKiB: IMPORT_CACHE_KIB });
  try {
    await beginImmediate(db);
    return new SqliteImportSession(db, writerOf(db), onEnd);
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    throw error;
  }
}

// Another import holds the write lock: wait for it without blocking the event loop, as busy_timeout would.
async function beginImmediate(db: Connection): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  db.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
        if (Date.now() >= deadline) {
          throw new Error('Another import is writing to the customer store; try again when it has finished', {
            cause: error,
          });
        }
        await sleep(25);
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  }
}

class SqliteImportSession<T> implements ImportSession<T> {
  #db: Connection | null;
  readonly #writer: BatchWriter<T>;
  readonly #onEnd: EndedImport;

  constructor(db: Connection, writer: BatchWriter<T>, onEnd: EndedImport) {
    this.#db = db;
    this.#writer = writer;
    this.#onEnd = onEnd;
  }

  async upsert(items: readonly T[]): Promise<void> {
    this.#open();
    this.#writer.write(items);
  }

  async commit(): Promise<void> {
    const db = this.#open();
    try {
      this.#writer.finish();
      db.exec('COMMIT');
    } finally {
      this.#end();
    }
  }

  /** Safe to call after commit or a failed commit (it does nothing then), so it fits a `finally`. */
  async rollback(): Promise<void> {
    this.#end();
  }

  #open(): Connection {
    if (this.#db === null) throw new Error('This import has already been committed or rolled back');
    return this.#db;
  }

  #end(): void {
    const db = this.#db;
    if (db === null) return;
    this.#db = null;
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } finally {
      db.close();
      this.#onEnd(this);
    }
  }
}
