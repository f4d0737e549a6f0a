// The CustomerStore port over a pool of PostgreSQL connections. Each call borrows one connection for as long as it
// needs (a list page runs up to four statements in one snapshot); imports and exports hold one of their own.
import type { ChannelAddress } from '../../directory/address.ts';
import type { ApiKeyStore } from '../../directory/api-key-store.ts';
import type { Customer, CustomerRecord } from '../../directory/customer.ts';
import type {
  CustomerStore,
  ImportSession,
  ImportTransaction,
  ListedCustomer,
  ListQuery,
  PoolCounts,
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
import { listPage } from '../list-plan.ts';
import { RECORD_COLUMNS, type RecordColumns, storedRecord } from '../record-write.ts';
import { toWorkerProfile, type WorkerRow } from '../worker-row.ts';
import { PostgresApiKeyStore } from './api-key-store.ts';
import { type Run, withConnection } from './connection.ts';
import { exportRecords } from './export-records.ts';
import {
  beginPostgresImport,
  type EndedImport,
  PostgresCustomerImport,
  PostgresImportSession,
} from './import-session.ts';
import { postgresListSteps } from './list-steps.ts';
import { addressQuery, customerQuery, positionQuery } from './lookup-queries.ts';
import { PostgresOptOutStore } from './opt-out-store.ts';
import type { Pool, PoolClient } from './pool.ts';
import { putRecord, removeRecord, type WriteLimits } from './record-writes.ts';
import { PostgresRoutingStateStore } from './routing-state-store.ts';
import { hasNul } from './search-terms.ts';
import { PostgresSyncStateStore } from './sync-state-store.ts';
import { CLEAR_WORKERS, WORKER_SQL, WORKER_WRITES } from './worker-writer.ts';

// One snapshot for every statement of a page, so a page never mixes two imports. Seq scans are off because each list
// statement is written for an index: with a LIMIT, the planner would otherwise sometimes bet on a scan that reads the
// whole table when matches turn out rare (README.md, "A list page").
// The predicate of customers_inbound, verbatim (migration 11): the planner proves a partial index usable from it.
export const INBOUND_PAGE = `SELECT ${RECORD_COLUMNS} FROM customers
  WHERE (doc::jsonb ->> 'source') = 'inbound' AND customer_id > $1 ORDER BY customer_id LIMIT $2`;
const PAGE_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL enable_seqscan = off';

export interface PostgresStoreSettings {
  /** Client-side time limit of one store call, all its statements together. */
  callBudgetMs: number;
  ftsCandidateLimit: number;
  /** How long a single-record write waits for its locks (a running import) before store_busy. */
  writeWaitMs: number;
}

export class PostgresCustomerStore implements CustomerStore {
  readonly apiKeys: ApiKeyStore;
  readonly syncState: SyncStateStore;
  readonly routingState: RoutingStateStore;
  readonly optOuts: OptOutStore;
  readonly #pool: Pool;
  readonly #settings: PostgresStoreSettings;
  readonly #imports = new Set<ImportTransaction>();
  #closed = false;

  constructor(pool: Pool, settings: PostgresStoreSettings) {
    this.#pool = pool;
    this.#settings = settings;
    this.apiKeys = new PostgresApiKeyStore((work) => this.#call(work));
    this.syncState = new PostgresSyncStateStore((work) => this.#call(work));
    this.routingState = new PostgresRoutingStateStore((work) => this.#call(work));
    this.optOuts = new PostgresOptOutStore((work) => this.#call(work));
  }

  async list(query: ListQuery): Promise<ListedCustomer[]> {
    if (unmatchable(query.scope, query.search)) return [];
    return this.#call(async (run) => {
      await run(PAGE_SNAPSHOT);
      const page = await listPage(postgresListSteps(run), query, this.#settings.ftsCandidateLimit);
      await run('COMMIT');
      return page;
    });
  }

  async positionOf(customerId: string, scope: Scope, search: SearchQuery | null): Promise<Position | null> {
    if (hasNul(customerId) || unmatchable(scope, search)) return null;
    const query = positionQuery(customerId, scope, search);
    const [row] = await this.#call((run) =>
      run<{ tier: 0 | 1 | null; name_key: string; customer_id: string }>(query.text, query.values),
    );
    if (row === undefined || row.tier === null) return null;
    return { tier: row.tier, name: row.name_key, customerId: row.customer_id };
  }

  async get(customerId: string, scope: Scope): Promise<Customer | null> {
    if (hasNul(customerId) || unmatchable(scope, null)) return null;
    const query = customerQuery(customerId, scope);
    const [row] = await this.#call((run) =>
      run<{ customer_id: string; display_name: string; avatar: string | null; doc: string }>(
        query.text,
        query.values,
      ),
    );
    return row === undefined ? null : toCustomer(row);
  }

  async findByAddress(address: ChannelAddress): Promise<CustomerRecord | null> {
    if (hasNul(address.key)) return null;
    const query = addressQuery(address.key, address.type);
    const [row] = await this.#call((run) => run<CustomerRow>(query.text, query.values));
    return row === undefined ? null : toRecord(row);
  }

  async beginImport(): Promise<ImportSession> {
    return this.#beginImport((client, onEnd) => new PostgresCustomerImport(client, onEnd));
  }

  async getRecord(customerId: string): Promise<StoredRecord | null> {
    if (hasNul(customerId)) return null;
    const [row] = await this.#call((run) =>
      run<RecordColumns>(`SELECT ${RECORD_COLUMNS} FROM customers WHERE customer_id = $1`, [customerId]),
    );
    return row === undefined ? null : storedRecord(row);
  }

  putRecord(
    record: CustomerRecord,
    condition: WriteCondition,
    optOuts: readonly OptOutChange[] = [],
  ): Promise<PutOutcome> {
    return putRecord(this.#pool, this.#writeLimits(), record, condition, optOuts);
  }

  async removeRecord(customerId: string, condition: WriteCondition): Promise<RemoveOutcome> {
    if (hasNul(customerId)) return { kind: 'not_found' };
    return removeRecord(this.#pool, this.#writeLimits(), customerId, condition);
  }

  async listRecords(query: RecordPageQuery): Promise<CustomerRecord[]> {
    const after = query.after ?? '';
    if (hasNul(after, query.workerKey)) return [];
    // '' sorts before every customer_id, which is never empty; COLLATE "C" makes both ranges index ranges (a
    // worker's through assignments_by_worker, migration 6).
    const rows = await this.#call((run) =>
      query.source !== undefined
        ? run<RecordColumns>(INBOUND_PAGE, [after, query.limit])
        : query.workerKey === null
          ? run<RecordColumns>(
              `SELECT ${RECORD_COLUMNS} FROM customers WHERE customer_id > $1 ORDER BY customer_id LIMIT $2`,
              [after, query.limit],
            )
          : run<RecordColumns>(
              `SELECT c.customer_id, c.display_name, c.avatar, c.doc, c.workers
               FROM assignments AS a JOIN customers AS c ON c.customer_id = a.customer_id
              WHERE a.worker_key = $3 AND a.customer_id > $1 ORDER BY a.customer_id LIMIT $2`,
              [after, query.limit, query.workerKey],
            ),
    );
    return rows.map(toRecord);
  }

  async getWorker(workerKey: string): Promise<WorkerProfile | null> {
    if (hasNul(workerKey)) return null;
    const [row] = await this.#call((run) => run<WorkerRow>(WORKER_SQL, [workerKey]));
    return row === undefined ? null : toWorkerProfile(row);
  }

  async beginWorkerImport(options: WorkerImportOptions): Promise<WorkerImportSession> {
    return this.#beginImport(
      (client, onEnd) => new PostgresImportSession(client, WORKER_WRITES, onEnd),
      options.replace ? CLEAR_WORKERS : undefined,
    );
  }

  async #beginImport<S extends PostgresImportSession<never, unknown>>(
    start: (client: PoolClient, onEnd: EndedImport) => S,
    clear?: string,
  ): Promise<S> {
    const session = await beginPostgresImport(
      this.#pool,
      (client) => start(client, (ended) => this.#imports.delete(ended)),
      clear,
    );
    this.#imports.add(session);
    return session;
  }

  exportAll(): AsyncIterable<CustomerRecord> {
    return exportRecords(this.#pool);
  }

  async count(): Promise<number> {
    const [row] = await this.#call((run) => run<{ n: number }>('SELECT count(*)::int AS n FROM customers'));
    return row?.n ?? 0;
  }

  async countWorkers(): Promise<number> {
    const [row] = await this.#call((run) => run<{ n: number }>(COUNT_WORKERS_SQL));
    return row?.n ?? 0;
  }

  async listWorkers(from: string, limit: number): Promise<string[]> {
    const rows = await this.#call((run) =>
      run<{ k: string }>(listWorkersSql('$1::text', '$2::int'), [from, limit]),
    );
    return rows.map((row) => row.k);
  }

  poolCounts(): PoolCounts {
    const pool = this.#pool;
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }

  async ping(): Promise<void> {
    await this.#call((run) => run('SELECT 1'));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const session of [...this.#imports]) await session.rollback();
    await this.#pool.end();
  }

  #writeLimits(): WriteLimits {
    return { waitMs: this.#settings.writeWaitMs, budgetMs: this.#settings.callBudgetMs };
  }

  #call<T>(work: (run: Run) => Promise<T>): Promise<T> {
    return withConnection(this.#pool, this.#settings.callBudgetMs, work);
  }
}

/** Stored keys never hold U+0000 (PostgreSQL text cannot), so a worker or search containing it matches nothing. */
function unmatchable(scope: Scope, search: SearchQuery | null): boolean {
  // A word's digits and the national number are digits of the text: the text holds any U+0000 there is.
  return hasNul(scope.kind === 'worker' ? scope.workerKey : null, search?.text ?? null);
}
