// The port every customer store implements (src/stores/: SQLite and PostgreSQL). It speaks in customers, positions and
// scopes; it knows nothing of HTTP, page tokens or Frontline. test/stores/store-contract.test.ts is its definition.
import type { ChannelAddress } from './address.ts';
import type { Customer, CustomerRecord, CustomerSummary } from './customer.ts';
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

export interface ImportSessionOptions {
  /** Start from an empty book: when committed, the store holds exactly what this import wrote. */
  replace: boolean;
}

/**
 * One import, all or nothing. Nothing it writes is visible to readers until commit(); rollback(), or a process that
 * dies before commit(), leaves the store exactly as it was. Customers and worker profiles each have their own.
 */
export interface ImportSession<T = CustomerRecord> {
  /**
   * Inserts or replaces each item: a customer by customer_id (fields, assignments and search keys alike), a worker
   * profile by workerKey(identity).
   */
  upsert(items: readonly T[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface CustomerStore {
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
  beginImport(options: ImportSessionOptions): Promise<ImportSession>;
  /** The profile stored for this workerKey (text-key.ts); null when none. One primary-key read, whatever the sizes. */
  getWorker(workerKey: string): Promise<WorkerProfile | null>;
  /** An import of worker profiles; `replace` makes the store hold exactly its profiles, the customers untouched. */
  beginWorkerImport(options: ImportSessionOptions): Promise<ImportSession<WorkerProfile>>;
  /** Every customer with its workers, ordered by customer_id, streamed. */
  exportAll(): AsyncIterable<CustomerRecord>;
  count(): Promise<number>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
