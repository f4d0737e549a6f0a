// Single-record writes (the directory API's PUT and DELETE) on one long-lived connection of their own, opened at the
// first write: opening a connection per write, as an import does, would cost more than the write. Writes of this
// process take turns on it; each is one IMMEDIATE transaction that reads the stored record, checks the condition
// and writes through the import's own record writer, so both paths keep the same rows, assignments and indexes.
// A running import holds SQLite's write lock for its whole length: a write waits for it (StoreOptions.writeWaitMs), then
// fails with store_busy.
import type { CustomerRecord } from '../../directory/customer.ts';
import type {
  PutOutcome,
  RemoveOutcome,
  StoredRecord,
  WriteCondition,
} from '../../directory/customer-store.ts';
import type { OptOutChange } from '../../directory/opt-out-store.ts';
import { storeBusy } from '../../errors.ts';
import {
  asStored,
  conditionHolds,
  RECORD_COLUMNS,
  type RecordColumns,
  storedRecord,
} from '../record-write.ts';
import { type Connection, openConnection } from './connection.ts';
import { beginImmediate } from './import-session.ts';
import { writeOptOutChanges } from './opt-out-store.ts';
import { recordWriter } from './record-writer.ts';
import { storeError } from './store-errors.ts';

// One record's rows and index paths: a few dozen pages a write; the rest of the served process's budget is the readers'.
const WRITE_CACHE_KIB = 8 * 1024;

export class SqliteRecordWrites {
  readonly #path: string;
  readonly #onCommit: () => void;
  readonly #waitMs: number;
  #db: Connection | null = null;
  #turn: Promise<unknown> = Promise.resolve();

  /** `onCommit`: after each committed write, so that the store's next read sees it. */
  constructor(path: string, waitMs: number, onCommit: () => void) {
    this.#path = path;
    this.#waitMs = waitMs;
    this.#onCommit = onCommit;
  }

  put(
    record: CustomerRecord,
    condition: WriteCondition,
    optOuts: readonly OptOutChange[],
  ): Promise<PutOutcome> {
    return this.#write((db, current) => {
      if (!conditionHolds(current, condition)) return { kind: 'precondition_failed' };
      const writer = recordWriter(db);
      const counts = writer.write([record]);
      writer.finish();
      writeOptOutChanges(db, optOuts);
      const kind = counts.added > 0 ? 'created' : counts.updated > 0 ? 'replaced' : 'unchanged';
      return { kind, stored: asStored(record) };
    }, record.customer_id);
  }

  remove(customerId: string, condition: WriteCondition): Promise<RemoveOutcome> {
    return this.#write((db, current) => {
      if (current === null) return { kind: 'not_found' };
      if (!conditionHolds(current, condition)) return { kind: 'precondition_failed' };
      const writer = recordWriter(db);
      writer.remove([customerId]);
      writer.finish();
      return { kind: 'removed' };
    }, customerId);
  }

  close(): void {
    this.#db?.close();
    this.#db = null;
  }

  /** One write in its own transaction, after the writes before it; `work` sees the record as stored now. */
  #write<R>(work: (db: Connection, current: StoredRecord | null) => R, customerId: string): Promise<R> {
    const turn = this.#turn.then(() => this.#transaction(work, customerId));
    this.#turn = turn.catch(() => {});
    return turn;
  }

  async #transaction<R>(
    work: (db: Connection, current: StoredRecord | null) => R,
    customerId: string,
  ): Promise<R> {
    let db: Connection;
    try {
      db = this.#db ??= openConnection(this.#path, { cacheKiB: WRITE_CACHE_KIB });
      if (!(await beginImmediate(db, this.#waitMs))) throw storeBusy();
    } catch (error) {
      throw storeError(error);
    }
    try {
      const row = db
        .prepare(`SELECT ${RECORD_COLUMNS} FROM customers WHERE customer_id = ?`)
        .get(customerId) as RecordColumns | undefined;
      const result = work(db, row === undefined ? null : storedRecord(row));
      db.exec('COMMIT');
      this.#onCommit();
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw storeError(error);
    }
  }
}
