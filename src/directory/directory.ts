// The customer directory as every callback uses it: who sees what, page sizes, page tokens and anchors, and the
// lookups by address of inbound conversations. It knows the store port and nothing of HTTP or SQL.
import type { CountryCode } from 'libphonenumber-js';
import { customerNotFound } from '../errors.ts';
import type { ChannelAddress } from './address.ts';
import type { Customer, CustomerRecord, CustomerSummary } from './customer.ts';
import type { CustomerStore, ListedCustomer, Scope } from './customer-store.ts';
import type { PageTokens } from './page-token.ts';
import { type SearchQuery, searchFingerprint, searchQuery, workerKey } from './text-key.ts';
import type { WorkerProfile } from './worker.ts';

export interface ListRequest {
  worker: string;
  pageSize: number;
  query?: string | undefined;
  anchor?: string | undefined;
  nextPageToken?: string | undefined;
  /** The page ends early (with a token) rather than let its customers' JSON pass this many bytes. */
  maxBytes: number;
}

export interface ListPage {
  customers: CustomerSummary[];
  nextPageToken?: string;
}

export interface Directory {
  list(request: ListRequest): Promise<ListPage>;
  /** Throws AppError customer_not_found, the same for an unknown and for an invisible customer. */
  details(worker: string, customerId: string): Promise<Customer>;
  /** The customer with a channel at this address, whoever it is assigned to (inbound conversations); null when none. */
  findByAddress(address: ChannelAddress): Promise<CustomerRecord | null>;
  /** The profile of this worker (identities match case-insensitively); null when they have none. */
  worker(identity: string): Promise<WorkerProfile | null>;
  /** Marks the address opted out (a customer's STOP) at `at`; true when it was not already. */
  optOut(address: ChannelAddress, at: Date): Promise<boolean>;
  /** Clears the address's opt-out (START); true when it had one. */
  optIn(address: ChannelAddress): Promise<boolean>;
  /** The opted-out ones among these addresses, by optOutKey: one keyed probe an address. */
  optedOut(addresses: readonly ChannelAddress[]): Promise<Map<string, Date>>;
  /** Resolves when the store behind the directory answers; rejects otherwise. */
  ping(): Promise<void>;
}

export interface DirectoryOptions {
  store: CustomerStore;
  tokens: PageTokens;
  /** 'all': every worker sees the whole book; 'assigned': only the customers assigned to them. */
  visibility: 'assigned' | 'all';
  maxPageSize: number;
  /** DEFAULT_COUNTRY: a number searched in its national form also matches its international digits. */
  defaultCountry?: CountryCode | undefined;
}

export function createDirectory({
  store,
  tokens,
  visibility,
  maxPageSize,
  defaultCountry,
}: DirectoryOptions): Directory {
  const scopeOf = (worker: string): Scope =>
    visibility === 'all' ? { kind: 'all' } : { kind: 'worker', workerKey: workerKey(worker) };
  const bindingOf = (worker: string, search: SearchQuery | null) =>
    `${visibility}\u0000${workerKey(worker)}\u0000${searchFingerprint(search)}`;

  async function startAfter(request: ListRequest, scope: Scope, search: SearchQuery | null) {
    if (request.nextPageToken !== undefined && request.nextPageToken !== '')
      return tokens.open(request.nextPageToken, bindingOf(request.worker, search));
    if (request.anchor !== undefined && request.anchor !== '')
      return (await store.positionOf(request.anchor, scope, search)) ?? 'gone';
    return null;
  }

  return {
    async list(request) {
      const scope = scopeOf(request.worker);
      const search = searchQuery(request.query, { defaultCountry });
      const after = await startAfter(request, scope, search);
      // An Anchor that no longer exists (or is no longer visible) ends the list: restarting it would show duplicates.
      if (after === 'gone') return { customers: [] };
      const limit = Math.min(request.pageSize, maxPageSize);
      const rows = await store.list({ scope, search, after, limit: limit + 1 });
      const page = fitPage(rows, limit, request.maxBytes);
      const last = page.at(-1);
      const customers = page.map(summary);
      if (page.length < rows.length && last !== undefined)
        return { customers, nextPageToken: tokens.seal(last.position, bindingOf(request.worker, search)) };
      return { customers };
    },

    async details(worker, customerId) {
      const customer = await store.get(customerId, scopeOf(worker));
      if (customer === null) throw customerNotFound();
      return customer;
    },

    // Methods, not bound functions: each call reaches the store as it is then.
    findByAddress: (address) => store.findByAddress(address),
    worker: (identity) => store.getWorker(workerKey(identity)),
    optOut: (address, at) => store.optOuts.optOut(address, at),
    optIn: (address) => store.optOuts.optIn(address),
    optedOut: (addresses) => store.optOuts.optedOut(addresses),
    ping: () => store.ping(),
  };
}

function summary({ customer_id, display_name, avatar }: ListedCustomer): CustomerSummary {
  return avatar === undefined ? { customer_id, display_name } : { customer_id, display_name, avatar };
}

/** A summary's JSON is at most this many bytes plus 6 a UTF-16 unit of its strings (`\u001f` is the worst case). */
const SUMMARY_ENVELOPE_BYTES = 64;

function jsonBytesAtMost({ customer_id, display_name, avatar }: ListedCustomer): number {
  return SUMMARY_ENVELOPE_BYTES + 6 * (customer_id.length + display_name.length + (avatar?.length ?? 0));
}

/** The longest prefix of rows, at most `limit`, whose JSON fits `maxBytes`, and never empty when rows exist. */
function fitPage(rows: ListedCustomer[], limit: number, maxBytes: number): ListedCustomer[] {
  const candidates = rows.slice(0, limit);
  // Pages of ordinary customers are far below the budget: a bound from string lengths settles them without
  // serializing every customer twice (that was a tenth of a page request's CPU, docs/benchmarks.md).
  let bound = 0;
  for (const row of candidates) bound += jsonBytesAtMost(row) + 1;
  if (bound <= maxBytes) return candidates;
  let bytes = 0;
  let count = 0;
  for (const row of candidates) {
    bytes += Buffer.byteLength(JSON.stringify(summary(row))) + 1;
    if (bytes > maxBytes && count > 0) break;
    count += 1;
  }
  return rows.slice(0, count);
}
