// The port every customer store implements (src/stores/: SQLite and PostgreSQL). It speaks in customers, positions and
// scopes; it knows nothing of HTTP, page tokens or Frontline. test/stores/store-contract.test.ts is its definition.
import type { ChannelAddress } from './address.ts';
import type { ApiKeyStore } from './api-key-store.ts';
import type { Customer, CustomerRecord, CustomerSummary, RecordSource } from './customer.ts';
import type { OptOutChange, OptOutStore } from './opt-out-store.ts';
import type { RoutingStateStore } from './routing-state-store.ts';
import type { SyncStateStore } from './sync-state-store.ts';
import type { SearchQuery } from './text-key.ts';
import type { WorkerProfile } from './worker.ts';

/** Whose customers a request may see: one worker's (by folded identity, see workerKey) or the whole book. */
export type Scope = { readonly kind: 'worker'; readonly workerKey: string } | { readonly kind: 'all' };

/**
 * Where a customer stands in a listing. Lists are ordered by (tier, name, customerId), compared byte-wise
 * (UTF-8 / "C" collation). `name` is the customer's folded display name (text-key.ts `fold`). Without a search every
 * customer is tier 0; in a search, tier 0 holds the names that start with the search text and tier 1 every other match.
 */
export interface Position {
  tier: 0 | 1;
  name: string;
  customerId: string;
}

export interface ListedCustomer extends CustomerSummary {
  position: Position;
}

export interface ListQuery {
  scope: Scope;
  /** null lists everything in scope. */
  search: SearchQuery | null;
  /** Only customers strictly after this position; null starts at the beginning. */
  after: Position | null;
  limit: number;
}

/** What an upsert did with the records it was given: new customers, changed ones, and ones already as written. */
export interface WriteCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** What removeExcept did: the customers it removed, and how many stayed (the whole book once it returns). */
export interface RemovalCounts {
  removed: number;
  kept: number;
}

/**
 * One import, all or nothing. Nothing it writes is visible to readers until commit(); rollback(), or a process that
 * dies before commit(), leaves the store exactly as it was. Customers and worker profiles each have their own.
 */
export interface ImportTransaction {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** An import of customers. */
export interface ImportSession extends ImportTransaction {
  /** Inserts or replaces (by customer_id) each record: fields, assignments and search keys alike. */
  upsert(records: readonly CustomerRecord[]): Promise<WriteCounts>;
  /**
   * Removes these customers (a batch, as upsert takes) with their assignments, addresses and search entries: a file's
   * deletion lines. Ids not stored are passed over; returns how many customers were removed.
   */
  remove(customerIds: readonly string[]): Promise<number>;
  /**
   * Removes every stored customer whose customer_id `keep` rejects, with its assignments, addresses and search
   * entries: how a replace ends. It reads every stored customer_id once.
   */
  removeExcept(keep: (customerId: string) => boolean): Promise<RemovalCounts>;
  /** Sets or clears these addresses' opt-outs (opt-out-store.ts), in the import's transaction: one write a change. */
  setOptOuts(changes: readonly OptOutChange[]): Promise<void>;
}

export interface WorkerImportOptions {
  /** Start from no profiles: when committed, the store holds exactly the profiles this import wrote. */
  replace: boolean;
}

/** An import of worker profiles, each inserted or replaced by workerKey(identity); customers are untouched. */
export interface WorkerImportSession extends ImportTransaction {
  upsert(profiles: readonly WorkerProfile[]): Promise<void>;
}

/** A record as stored, with its version (record-version.ts): the same record has the same version everywhere. */
export interface StoredRecord {
  record: CustomerRecord;
  version: string;
}

/**
 * What a single write needs of the stored record, checked in the write's own transaction: nothing, that there is
 * none (HTTP If-None-Match: *), that there is one (If-Match: *), or that it is still at one of these versions
 * (If-Match with ETags).
 */
export type WriteCondition =
  | { readonly kind: 'any' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'present' }
  | { readonly kind: 'version'; readonly versions: readonly string[] };

export type PutOutcome =
  | { readonly kind: 'created' | 'replaced' | 'unchanged'; readonly stored: StoredRecord }
  | { readonly kind: 'precondition_failed' };

export type RemoveOutcome = { readonly kind: 'removed' | 'not_found' | 'precondition_failed' };

export interface RecordPageQuery {
  /** Only customer_ids strictly after this one (byte order); null starts at the first. */
  after: string | null;
  limit: number;
  /** Only this worker's customers (workerKey); null lists the whole book. */
  workerKey: string | null;
  /**
   * Only records of this source, through a partial index of those records alone: a page costs its own size, however
   * big the book. Not together with workerKey (the API refuses both at once).
   */
  source?: RecordSource;
}

/** A connection pool's state at one moment (pg.Pool's totalCount, idleCount, waitingCount), for the metrics. */
export interface PoolCounts {
  total: number;
  idle: number;
  /** Calls waiting for a connection. */
  waiting: number;
}

export interface CustomerStore {
  /** The directory API's keys, in the same database (api-key-store.ts). */
  readonly apiKeys: ApiKeyStore;
  /** The CRM sync's checkpoints and last runs, in the same database (sync-state-store.ts). */
  readonly syncState: SyncStateStore;
  /** Routing's round robin turn, routed conversations and known identities, in the same database. */
  readonly routingState: RoutingStateStore;
  /** Channel addresses that opted out (a customer's STOP), in the same database, apart from the customers. */
  readonly optOuts: OptOutStore;
  /** Up to `limit` customers in scope (and matching the search), in position order, strictly after `after`. */
  list(query: ListQuery): Promise<ListedCustomer[]>;
  /** Where a customer stands for this scope and search; null when it is unknown, out of scope or not a match. */
  positionOf(customerId: string, scope: Scope, search: SearchQuery | null): Promise<Position | null>;
  /** The whole Customer; null when unknown or out of scope (the caller cannot tell which). */
  get(customerId: string, scope: Scope): Promise<Customer | null>;
  /**
   * The customer with a channel at this address (address.ts keys), whatever the scope: a channel of the address's
   * own type first, then any; among several customers, the lowest customer_id. null when none.
   */
  findByAddress(address: ChannelAddress): Promise<CustomerRecord | null>;
  /** Waits a bounded time for a running import, then throws store_busy (AppError). */
  beginImport(): Promise<ImportSession>;
  /** The profile stored for this workerKey (text-key.ts); null when none. One primary-key read, whatever the sizes. */
  getWorker(workerKey: string): Promise<WorkerProfile | null>;
  /** An import of worker profiles; `replace` makes the store hold exactly its profiles, the customers untouched. */
  beginWorkerImport(options: WorkerImportOptions): Promise<WorkerImportSession>;
  /** One record with its version, whatever the scope; null when unknown. One primary-key read. */
  getRecord(customerId: string): Promise<StoredRecord | null>;
  /**
   * Creates or replaces one record (fields, assignments, addresses, search entries) in a transaction of its own, if
   * `condition` holds. It waits for a running import up to a bounded time, then throws store_busy. `optOuts`: the
   * explicit opt-out changes the write carries, made in the same transaction (none when the condition fails).
   */
  putRecord(
    record: CustomerRecord,
    condition: WriteCondition,
    optOuts?: readonly OptOutChange[],
  ): Promise<PutOutcome>;
  /** Removes one customer with everything derived from it, if `condition` holds; as putRecord otherwise. */
  removeRecord(customerId: string, condition: WriteCondition): Promise<RemoveOutcome>;
  /** Records in customer_id order (byte-wise), keyset-paged: a page costs its own size, whatever the book's. */
  listRecords(query: RecordPageQuery): Promise<CustomerRecord[]>;
  /** Every customer with its workers, ordered by customer_id, streamed. */
  exportAll(): AsyncIterable<CustomerRecord>;
  count(): Promise<number>;
  /** Workers with at least one customer: one index probe a worker (a loose index scan), not a pass over the book. */
  countWorkers(): Promise<number>;
  /** Up to `limit` worker keys (text-key.ts) with a customer, from `from` on in key order: `limit` index probes. */
  listWorkers(from: string, limit: number): Promise<string[]>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  /** The connection pool's counts now, for a store that has a pool (PostgreSQL); read at each metrics scrape. */
  poolCounts?(): PoolCounts;
  close(): Promise<void>;
}
