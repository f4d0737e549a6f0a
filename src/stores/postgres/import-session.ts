// An import holds one transaction on a connection of its own, across as many awaits as the reader needs: every other
// connection keeps reading the last committed book until COMMIT, and a process that dies before COMMIT leaves the
// database as it was (the server rolls back a transaction whose connection is gone). Customers and worker profiles
// are imported alike; each brings its own ImportWrites, and a customer import can also end a replace.
import type { CustomerRecord } from '../../directory/customer.ts';
import type {
  ImportSession,
  ImportTransaction,
  RemovalCounts,
  WriteCounts,
} from '../../directory/customer-store.ts';
import type { OptOutChange } from '../../directory/opt-out-store.ts';
import { importBusy } from '../../errors.ts';
import { borrow, type Run, runOn } from './connection.ts';
import { writeOptOutChanges } from './opt-out-store.ts';
import type { Pool, PoolClient } from './pool.ts';
import { removeRecords, writeRecords } from './record-writer.ts';
import { storeError } from './store-errors.ts';

// Two imports would deadlock on each other's rows or interleave a `replace`; the second waits this long, then fails.
const LOCK_WAIT_MS = 5000;
const ROLLBACK_WAIT_MS = 5000;
// The same advisory lock in every instance; hashtext(current_schema()) keeps stores in other schemas independent.
// Imports take it exclusively, single-record writes (record-writes.ts) share it.
export const IMPORT_LOCK_KEY = `${0x66726f6e}, hashtext(current_schema())`;
const IMPORT_LOCK = `SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`;
// Imports are bulk writes, not callbacks: the statement timeout meant for callbacks does not apply to them. The
// trigram indexes take new entries into a pending list that is merged in work_mem: more of it, fewer merges. Every
// statement of an import looks rows up by key (record-writer.ts), so it is made to use the keys' indexes: with that
// work_mem the planner hashed the whole of customer_addresses and assignments for each chunk's DELETE (a sequential
// scan of 200k rows per 1,000 records at 100k customers), a cost that grew with the book until, somewhere short of
// 1M, it chose the index itself.
const IMPORT_SETTINGS = [
  'SET LOCAL statement_timeout = 0',
  "SET LOCAL work_mem = '64MB'",
  'SET LOCAL enable_seqscan = off',
  'SET LOCAL enable_hashjoin = off',
  'SET LOCAL enable_mergejoin = off',
].join('; ');
// removeExcept reads the stored customer_ids in pages of this many, along the primary key.
const ID_PAGE = 10_000;

/** What one kind of import writes, inside its transaction. */
export interface ImportWrites<T, R> {
  write(run: Run, items: readonly T[]): Promise<R>;
  /**
   * After COMMIT, given how many rows were written or removed: upkeep that may fail (the import stands). It leaves the
   * connection's settings as it found them, or throws.
   */
  afterCommit?(run: Run, written: number): Promise<void>;
}

export type EndedImport = (session: ImportTransaction) => void;

/**
 * Borrows the import's own connection, opens its transaction under the import lock, runs `clear` (the statements
 * that empty what a replace replaces) when given, and hands the connection to `start`.
 */
export async function beginPostgresImport<S extends PostgresImportSession<never, unknown>>(
  pool: Pool,
  start: (client: PoolClient) => S,
  clear?: string,
): Promise<S> {
  const session = start(await borrow(pool));
  try {
    // One round trip: every setting is LOCAL to the transaction, and a lock that times out fails the whole string.
    await session
      .run(
        `BEGIN; ${IMPORT_SETTINGS}; SET LOCAL lock_timeout = ${LOCK_WAIT_MS}; ${IMPORT_LOCK}; SET LOCAL lock_timeout = 0`,
      )
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== '55P03') throw error;
        throw importBusy(error);
      });
    // DELETE, not TRUNCATE: TRUNCATE locks out every reader until COMMIT, which would stall callbacks for the whole
    // import. Deleted rows stay visible to other connections until then, and autovacuum reclaims them afterwards.
    if (clear !== undefined) await session.run(clear);
    return session;
  } catch (error) {
    await session.rollback();
    throw storeError(error);
  }
}

// An import this small leaves statistics and the visibility map to autovacuum: vacuuming after every write made a
// single-customer write cost as much as reading the whole book (7 writes/s at 5,000 customers, fewer beyond).
const VACUUM_AFTER_RECORDS = 10_000;

export const CUSTOMER_WRITES: ImportWrites<CustomerRecord, WriteCounts> = {
  write: writeRecords,
  // After a big import, now rather than at autovacuum's next round: statistics, so the next list is planned for this
  // book, and the visibility map, which the index-only walk of customers_by_name needs (README.md). The import has
  // committed whatever happens here; VACUUM cannot share a statement string with anything else, nor run in a
  // transaction, so its timeout is lifted for the session and put back after it.
  async afterCommit(run, written) {
    if (written < VACUUM_AFTER_RECORDS) return;
    await run('SET statement_timeout = 0');
    await run('VACUUM (ANALYZE) customers, assignments, customer_addresses');
    await run('RESET statement_timeout');
  },
};

const ignoreError = () => {};

export class PostgresImportSession<T, R> implements ImportTransaction {
  #client: PoolClient | null;
  readonly #writes: ImportWrites<T, R>;
  readonly #onEnd: EndedImport;
  readonly run: Run;
  /** Rows written or removed so far. */
  #written = 0;

  constructor(client: PoolClient, writes: ImportWrites<T, R>, onEnd: EndedImport) {
    this.#client = client;
    this.#writes = writes;
    this.#onEnd = onEnd;
    // A connection that drops between batches emits 'error'; the next statement then fails with the reason.
    client.on('error', ignoreError);
    this.run = (text, values = [], arrays = false) => runOn(this.#open(), text, values, 0, arrays);
  }

  async upsert(items: readonly T[]): Promise<R> {
    const result = await this.batch(() => this.#writes.write(this.run, items));
    this.#written += items.length;
    return result;
  }

  async commit(): Promise<void> {
    this.#open();
    try {
      await this.run('COMMIT');
    } catch (error) {
      this.#end(false);
      throw storeError(error);
    }
    // Committed: upkeep that fails does not fail the import, it only keeps the connection out of the pool.
    const clean = await (this.#writes.afterCommit?.(this.run, this.#written) ?? Promise.resolve()).then(
      () => true,
      () => false,
    );
    this.#end(clean);
  }

  /** Safe to call after commit or a failed commit (it does nothing then), so it fits a `finally`. */
  async rollback(): Promise<void> {
    const client = this.#client;
    if (client === null) return;
    // Bounded: a server that no longer answers must not hang the caller's cleanup.
    const clean = await runOn(client, 'ROLLBACK', [], ROLLBACK_WAIT_MS).then(
      () => true,
      () => false,
    );
    this.#end(clean);
  }

  /** A savepoint per batch, as on SQLite: a batch that fails leaves nothing behind. */
  protected async batch<B>(work: () => Promise<B>): Promise<B> {
    this.#open();
    try {
      await this.run('SAVEPOINT batch');
      let result: B;
      try {
        result = await work();
      } catch (error) {
        await this.run('ROLLBACK TO SAVEPOINT batch').catch(() => {});
        throw error;
      }
      await this.run('RELEASE SAVEPOINT batch');
      return result;
    } catch (error) {
      throw storeError(error);
    }
  }

  protected wrote(rows: number): void {
    this.#written += rows;
  }

  #open(): PoolClient {
    if (this.#client === null) throw new Error('This import has already been committed or rolled back');
    return this.#client;
  }

  /**
   * Back to the pool when its transaction ended cleanly (every setting the import made was LOCAL to it, and the lock
   * went with it), closed otherwise, since it may be mid-statement or broken. A new connection a session cost more
   * than the write itself: a backend to start, and its catalog caches to fill before the first statement is planned.
   */
  #end(clean: boolean): void {
    const client = this.#client;
    if (client === null) return;
    this.#client = null;
    client.off('error', ignoreError);
    client.release(!clean);
    this.#onEnd(this);
  }
}

export class PostgresCustomerImport
  extends PostgresImportSession<CustomerRecord, WriteCounts>
  implements ImportSession
{
  constructor(client: PoolClient, onEnd: EndedImport) {
    super(client, CUSTOMER_WRITES, onEnd);
  }

  async remove(customerIds: readonly string[]): Promise<number> {
    const removed = await this.batch(() => removeRecords(this.run, customerIds));
    this.wrote(removed);
    return removed;
  }

  async removeExcept(keep: (customerId: string) => boolean): Promise<RemovalCounts> {
    const doomed: string[] = [];
    let stored = 0;
    try {
      for (let after = ''; ; ) {
        // '' sorts before every customer_id, which is never empty; COLLATE "C" makes this a primary key range.
        const ids = await this.run<[string]>(
          `SELECT customer_id FROM customers WHERE customer_id > $1 ORDER BY customer_id LIMIT ${ID_PAGE}`,
          [after],
          true,
        );
        for (const [customerId] of ids) if (!keep(customerId)) doomed.push(customerId);
        stored += ids.length;
        const last = ids.at(-1);
        if (last === undefined || ids.length < ID_PAGE) break;
        after = last[0];
      }
    } catch (error) {
      throw storeError(error);
    }
    const removed = await this.batch(() => removeRecords(this.run, doomed));
    this.wrote(removed);
    return { removed, kept: stored - removed };
  }

  async setOptOuts(changes: readonly OptOutChange[]): Promise<void> {
    if (changes.length > 0) await this.batch(() => writeOptOutChanges(this.run, changes));
  }
}
