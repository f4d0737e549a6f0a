// The CustomerStore port over one SQLite file. Reads share one connection (better-sqlite3 is synchronous, so each
// call runs to completion before the next) and one read transaction a turn (read-snapshot.ts); every import gets a
// connection of its own (import-session.ts).
import type { ChannelAddress } from '../../directory/address.ts';
import type { ApiKeyStore } from '../../directory/api-key-store.ts';
import type { Customer, CustomerRecord } from '../../directory/customer.ts';
import type {
  CustomerStore,
  ImportSession,
  ImportTransaction,
  ListedCustomer,
  ListQuery,
  Position,
  PutOutcome,
  RecordPageQuery,
  RemoveOutcome,
  Scope,
  StoredRecord,
  WorkerImportOptions,
  WorkerImportSession,
  WriteCondition,
} from '../../directory/customer-store.ts';
import type { OptOutChange, OptOutStore } from '../../directory/opt-out-store.ts';
import type { RoutingStateStore } from '../../directory/routing-state-store.ts';
import type { SyncStateStore } from '../../directory/sync-state-store.ts';
import type { SearchQuery } from '../../directory/text-key.ts';
import type { WorkerProfile } from '../../directory/worker.ts';
import { COUNT_WORKERS_SQL, listWorkersSql } from '../count-workers.ts';
import { type CustomerRow, toCustomer, toRecord } from '../customer-row.ts';
import { type ListSteps, listPage } from '../list-plan.ts';
import { RECORD_COLUMNS, type RecordColumns, storedRecord } from '../record-write.ts';
import { toWorkerProfile, type WorkerRow } from '../worker-row.ts';
import { SqliteApiKeyStore } from './api-key-store.ts';
import type { Connection } from './connection.ts';
import {
  beginSqliteImport,
  type EndedImport,
  SqliteCustomerImport,
  SqliteImportSession,
} from './import-session.ts';
import { IN_WORKER_SCOPE } from './list-queries.ts';
import { sqliteListSteps } from './list-steps.ts';
import { SqliteOptOutStore } from './opt-out-store.ts';
import { type ReadSnapshot, readSnapshot } from './read-snapshot.ts';
import { recordWriter } from './record-writer.ts';
import { SqliteRecordWrites } from './record-writes.ts';
import { SqliteRoutingStateStore } from './routing-state-store.ts';
import { tierOf } from './search-terms.ts';
import type { SideStoreAccess } from './side-store.ts';
import { type Params, type Prepare, statementCache } from './statement-cache.ts';
import { storeError } from './store-errors.ts';
import { SqliteSyncStateStore } from './sync-state-store.ts';
import { WORKER_SQL, workerWriter } from './worker-writer.ts';

const EXPORT_BATCH = 500;
// The term of customers_inbound's WHERE, verbatim (migration 15): the planner uses a partial index only for it.
const INBOUND_PAGE = `SELECT ${RECORD_COLUMNS} FROM customers INDEXED BY customers_inbound
  WHERE json_extract(doc, '$.source') = 'inbound' AND customer_id > :after ORDER BY customer_id LIMIT :limit`;

export class SqliteCustomerStore implements CustomerStore {
  readonly apiKeys: ApiKeyStore;
  readonly syncState: SyncStateStore;
  readonly routingState: RoutingStateStore;
  readonly optOuts: OptOutStore;
  readonly #db: Connection;
  readonly #prepare: Prepare;
  readonly #ftsCandidateLimit: number;
  readonly #imports = new Set<ImportTransaction>();
  readonly #snapshot: ReadSnapshot;
  readonly #steps: ListSteps<string>;
  readonly #writes: SqliteRecordWrites;

  constructor(db: Connection, ftsCandidateLimit: number, writeWaitMs: number) {
    this.#db = db;
    this.#prepare = statementCache(db);
    this.#ftsCandidateLimit = ftsCandidateLimit;
    this.#snapshot = readSnapshot(db, this.#prepare);
    this.#steps = sqliteListSteps(this.#prepare);
    // Whoever wrote reads next: from the book just committed, not from this turn's snapshot.
    this.#writes = new SqliteRecordWrites(db.name, writeWaitMs, () => this.#snapshot.end());
    const side: SideStoreAccess = {
      path: db.name,
      read: (work) => this.#read(() => work(this.#prepare)),
      wrote: () => this.#snapshot.end(),
    };
    this.apiKeys = new SqliteApiKeyStore(side);
    this.syncState = new SqliteSyncStateStore(side);
    this.routingState = new SqliteRoutingStateStore(side);
    this.optOuts = new SqliteOptOutStore(side);
  }

  async list(query: ListQuery): Promise<ListedCustomer[]> {
    this.#snapshot.enter();
    return listPage(this.#steps, query, this.#ftsCandidateLimit).catch(rethrow);
  }

  async positionOf(customerId: string, scope: Scope, search: SearchQuery | null): Promise<Position | null> {
    return this.#read(() => {
      const tier = search === null ? { sql: '0', params: {} } : tierOf('c', search);
      const params: Params = { customerId, ...scopeParams(scope), ...tier.params };
      const row = this.#prepare(
        `SELECT ${tier.sql} AS tier, c.name_key, c.customer_id FROM customers AS c
          WHERE c.customer_id = :customerId${scopeFilter(scope)}`,
      ).get(params) as { tier: 0 | 1 | null; name_key: string; customer_id: string } | undefined;
      if (row === undefined || row.tier === null) return null;
      return { tier: row.tier, name: row.name_key, customerId: row.customer_id };
    });
  }

  async get(customerId: string, scope: Scope): Promise<Customer | null> {
    return this.#read(() => {
      const row = this.#prepare(
        `SELECT c.customer_id, c.display_name, c.avatar, c.doc FROM customers AS c
          WHERE c.customer_id = :customerId${scopeFilter(scope)}`,
      ).get({ customerId, ...scopeParams(scope) }) as CustomerRow | undefined;
      return row === undefined ? null : toCustomer(row);
    });
  }

  async findByAddress(address: ChannelAddress): Promise<CustomerRecord | null> {
    return this.#read(() => {
      const row = this.#prepare(
        `SELECT c.customer_id, c.display_name, c.avatar, c.doc, c.workers
           FROM customer_addresses AS a JOIN customers AS c ON c.id = a.customer
          WHERE a.address = :key
          ORDER BY a.channel_type <> :type, a.customer_id LIMIT 1`,
      ).get({ key: address.key, type: address.type }) as CustomerRow | undefined;
      return row === undefined ? null : toRecord(row);
    });
  }

  async beginImport(): Promise<ImportSession> {
    return this.#beginImport((db, onEnd) => new SqliteCustomerImport(db, recordWriter(db), onEnd));
  }

  async getRecord(customerId: string): Promise<StoredRecord | null> {
    return this.#read(() => {
      const row = this.#prepare(
        `SELECT ${RECORD_COLUMNS} FROM customers WHERE customer_id = :customerId`,
      ).get({
        customerId,
      }) as RecordColumns | undefined;
      return row === undefined ? null : storedRecord(row);
    });
  }

  putRecord(
    record: CustomerRecord,
    condition: WriteCondition,
    optOuts: readonly OptOutChange[] = [],
  ): Promise<PutOutcome> {
    return this.#writes.put(record, condition, optOuts);
  }

  removeRecord(customerId: string, condition: WriteCondition): Promise<RemoveOutcome> {
    return this.#writes.remove(customerId, condition);
  }

  async listRecords(query: RecordPageQuery): Promise<CustomerRecord[]> {
    return this.#read(() => {
      const params: Params = { after: query.after ?? '', limit: query.limit };
      // '' sorts before every customer_id, which is never empty. A worker's records come from
      // assignments_by_worker (migration 9), in customer_id order.
      const sql =
        query.source !== undefined
          ? INBOUND_PAGE
          : query.workerKey === null
            ? `SELECT ${RECORD_COLUMNS} FROM customers WHERE customer_id > :after ORDER BY customer_id LIMIT :limit`
            : `SELECT c.customer_id, c.display_name, c.avatar, c.doc, c.workers
               FROM assignments AS a INDEXED BY assignments_by_worker JOIN customers AS c ON c.id = a.customer
              WHERE a.worker_key = :worker AND a.customer_id > :after ORDER BY a.customer_id LIMIT :limit`;
      if (query.workerKey !== null) params.worker = query.workerKey;
      return (this.#prepare(sql).all(params) as RecordColumns[]).map(toRecord);
    });
  }

  async getWorker(workerKey: string): Promise<WorkerProfile | null> {
    return this.#read(() => {
      const row = this.#prepare(WORKER_SQL).get({ workerKey }) as WorkerRow | undefined;
      return row === undefined ? null : toWorkerProfile(row);
    });
  }

  async beginWorkerImport(options: WorkerImportOptions): Promise<WorkerImportSession> {
    return this.#beginImport((db, onEnd) => new SqliteImportSession(db, workerWriter(db, options), onEnd));
  }

  async #beginImport<S extends ImportTransaction>(
    start: (db: Connection, onEnd: EndedImport) => S,
  ): Promise<S> {
    const session = await beginSqliteImport(this.#db.name, (db) =>
      start(db, (ended) => {
        this.#imports.delete(ended);
        // Whoever imported reads next: from the book just committed, not from this turn's snapshot.
        this.#snapshot.end();
      }),
    );
    this.#imports.add(session);
    return session;
  }

  // Keyset pages rather than one cursor: a better-sqlite3 iterator must not stay open across the consumer's awaits.
  async *exportAll(): AsyncIterable<CustomerRecord> {
    const columns = 'customer_id, display_name, avatar, doc, workers';
    const first = this.#prepare(`SELECT ${columns} FROM customers ORDER BY customer_id LIMIT :limit`);
    const next = this.#prepare(
      `SELECT ${columns} FROM customers WHERE customer_id > :after ORDER BY customer_id LIMIT :limit`,
    );
    let after: string | null = null;
    for (;;) {
      const params: Params = { after, limit: EXPORT_BATCH };
      this.#snapshot.enter();
      const rows = (after === null ? first : next).all(params) as CustomerRow[];
      for (const row of rows) yield toRecord(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < EXPORT_BATCH) return;
      after = last.customer_id;
    }
  }

  async count(): Promise<number> {
    return this.#read(() => {
      const row = this.#prepare('SELECT count(*) AS n FROM customers').get({}) as { n: number };
      return row.n;
    });
  }

  async countWorkers(): Promise<number> {
    return this.#read(() => {
      const row = this.#prepare(COUNT_WORKERS_SQL).get({}) as { n: number };
      return row.n;
    });
  }

  async listWorkers(from: string, limit: number): Promise<string[]> {
    return this.#read(() =>
      (this.#prepare(listWorkersSql(':from', ':limit')).all({ from, limit }) as { k: string }[]).map(
        (row) => row.k,
      ),
    );
  }

  async ping(): Promise<void> {
    try {
      this.#prepare('SELECT 1').get({});
    } catch (error) {
      rethrow(error);
    }
  }

  /** One read inside this turn's snapshot, its driver errors mapped (store-errors.ts). */
  #read<T>(work: () => T): T {
    this.#snapshot.enter();
    try {
      return work();
    } catch (error) {
      return rethrow(error);
    }
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    this.#snapshot.end();
    for (const session of [...this.#imports]) await session.rollback();
    this.#writes.close();
    this.#db.close();
  }
}

function rethrow(error: unknown): never {
  throw storeError(error);
}

function scopeFilter(scope: Scope): string {
  return scope.kind === 'worker' ? ` AND ${IN_WORKER_SCOPE}` : '';
}

function scopeParams(scope: Scope): Params {
  return scope.kind === 'worker' ? { worker: scope.workerKey } : {};
}
