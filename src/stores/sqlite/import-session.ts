// An import holds one write transaction on a connection of its own, across as many awaits as the reader needs:
// the store's own connection keeps answering from the last committed book until COMMIT, and a process that dies
// before COMMIT leaves the file as it was (SQLite discards an uncommitted WAL tail on the next open). Customers and
// worker profiles are imported alike; each brings its own writer, and a customer import can also end a replace.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CustomerRecord } from '../../directory/customer.ts';
import type {
  ImportSession,
  ImportTransaction,
  RemovalCounts,
  WriteCounts,
} from '../../directory/customer-store.ts';
import type { OptOutChange } from '../../directory/opt-out-store.ts';
import { importBusy } from '../../errors.ts';
import { type Connection, openConnection } from './connection.ts';
import { writeOptOutChanges } from './opt-out-store.ts';
import type { RecordWriter } from './record-writer.ts';

// A bulk import touches index pages all over the file. Measured on 1M records: 92 s with a 64 MiB cache, 62-74 s
// with 256 MiB, no better with 1 GiB. SQLite only allocates the cache as pages are used.
const IMPORT_CACHE_KIB = 256 * 1024;
const TEMP_CACHE_KIB = 64 * 1024;
const LOCK_WAIT_MS = 5000;

/** What an import writes, inside its transaction: a batch at a time, then whatever is left before COMMIT. */
export interface BatchWriter<T, R> {
  write(items: readonly T[]): R;
  finish(): void;
}

export type EndedImport = (session: ImportTransaction) => void;

/** Opens the import's own connection, takes the write lock, and hands the connection to `start`. */
export async function beginSqliteImport<S>(path: string, start: (db: Connection) => S): Promise<S> {
  const db = openConnection(path, { cacheKiB: IMPORT_CACHE_KIB });
  try {
    // An import's staged rows and its sorts (fresh-load.ts, index builds) go to a temporary file rather than memory:
    // at 1M customers they are hundreds of MB, and only the page cache of each should stay resident.
    db.pragma('temp_store = FILE');
    db.pragma(`temp.cache_size = ${-TEMP_CACHE_KIB}`);
    if (!(await beginImmediate(db, LOCK_WAIT_MS))) {
      throw importBusy();
    }
    return start(db);
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    throw error;
  }
}

/**
 * Takes the write lock, waiting up to `waitMs` for whoever holds it without blocking the event loop, as busy_timeout
 * would; false when it is still held then.
 */
export async function beginImmediate(db: Connection, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  db.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
        if (Date.now() >= deadline) return false;
        await sleep(25);
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  }
}

export class SqliteImportSession<T, R> implements ImportTransaction {
  #db: Connection | null;
  readonly #writer: BatchWriter<T, R>;
  readonly #onEnd: EndedImport;

  constructor(db: Connection, writer: BatchWriter<T, R>, onEnd: EndedImport) {
    this.#db = db;
    this.#writer = writer;
    this.#onEnd = onEnd;
  }

  async upsert(items: readonly T[]): Promise<R> {
    this.connection();
    return this.#writer.write(items);
  }

  async commit(): Promise<void> {
    const db = this.connection();
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

  protected connection(): Connection {
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

export class SqliteCustomerImport
  extends SqliteImportSession<CustomerRecord, WriteCounts>
  implements ImportSession
{
  readonly #records: RecordWriter;

  constructor(db: Connection, writer: RecordWriter, onEnd: EndedImport) {
    super(db, writer, onEnd);
    this.#records = writer;
  }

  async remove(customerIds: readonly string[]): Promise<number> {
    this.connection();
    return this.#records.remove(customerIds);
  }

  async removeExcept(keep: (customerId: string) => boolean): Promise<RemovalCounts> {
    const db = this.connection();
    // Read whole before removing: better-sqlite3 runs no other statement on a connection while an iterator is open.
    const doomed: string[] = [];
    let stored = 0;
    for (const customerId of db
      .prepare('SELECT customer_id FROM customers')
      .pluck()
      .iterate() as Iterable<string>) {
      stored += 1;
      if (!keep(customerId)) doomed.push(customerId);
    }
    const removed = this.#records.remove(doomed);
    return { removed, kept: stored - removed };
  }

  async setOptOuts(changes: readonly OptOutChange[]): Promise<void> {
    writeOptOutChanges(this.connection(), changes);
  }
}
