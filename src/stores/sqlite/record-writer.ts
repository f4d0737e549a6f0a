// Writes customer records inside an open write transaction: the row, its assignments and its search entry, each
// rewritten only when what it is derived from changed, so re-importing an unchanged book costs one lookup a record.
import { channelAddress } from '../../directory/address.ts';
import type { CustomerRecord } from '../../directory/customer.ts';
import type { WriteCounts } from '../../directory/customer-store.ts';
import { workerKey } from '../../directory/text-key.ts';
import { type CustomerRow, ROW_COLUMNS, toRow } from '../customer-row.ts';
import type { Connection } from './connection.ts';
import { type FreshLoad, startFreshLoad } from './fresh-load.ts';
import { neighbourFinder, rankBetween } from './name-rank.ts';
import { rankRespacer } from './rank-respace.ts';
import { renumberBook } from './renumber-book.ts';
import { gramsDocument } from './short-grams.ts';

export interface RecordWriter {
  write(records: readonly CustomerRecord[]): WriteCounts;
  /** Removes these customers (unknown ids are ignored); returns how many were removed. */
  remove(customerIds: readonly string[]): number;
  /** Before COMMIT: renumbers the book and rebuilds the trigram index when this import deferred them. */
  finish(): void;
}

type ExistingRow = CustomerRow & { id: number; name_rank: number | null };

const COLUMN_LIST = ROW_COLUMNS.join(', ');
/** Below this many, moving search entries one by one is always cheaper than a rebuild. */
const MIN_MOVES_BEFORE_REBUILD = 10_000;

/**
 * A changed customer's old addresses, found through customer_addresses_by_customer (migration 5): without it each
 * such delete scanned the table, and re-importing a changed book was quadratic. The store tests check the plan.
 */
export const FORGET_ADDRESSES_SQL = 'DELETE FROM customer_addresses WHERE customer = ?';
/** For a customer not stored yet: no row of its own to leave out of its neighbours (rowids start at 1). */
const NO_ROW = 0;

// The search index is written record by record while every customer can be given a rank between its neighbours'
// (name-rank.ts; when a gap is used up, the neighbours are spread out again: rank-respace.ts). An import into an
// empty book, one that finds no room even so, or one that moves more than a
// twentieth of the book's search entries, defers ranks and the search index to one renumbering pass at its end:
// in a big book each entry moved costs about as much as forty entries of a rebuild (0.7 ms against 40 µs at 1M
// customers), so a nightly export that changes most of the book pays one rebuild instead of a million moves.
export function recordWriter(db: Connection): RecordWriter {
  // About the book's size, from the largest rowid: one lookup, where count(*) would read a whole index per import.
  const bookSize = (db.prepare('SELECT max(id) FROM customers').pluck().get() as number | null) ?? 0;
  let deferred = bookSize === 0;
  let moves = 0;
  const maxMoves = Math.max(MIN_MOVES_BEFORE_REBUILD, Math.floor(bookSize / 20));
  const find = db.prepare<[string], ExistingRow>(
    `SELECT id, name_rank, ${COLUMN_LIST} FROM customers WHERE customer_id = ?`,
  );
  const insert = db.prepare<[CustomerRow & { name_rank: number | null }]>(
    `INSERT INTO customers (${COLUMN_LIST}, name_rank) VALUES (@customer_id, @display_name, @avatar, @name_key, @email_key, @phone_key, @doc, @workers, @name_rank)`,
  );
  const update = db.prepare<[ExistingRow]>(
    `UPDATE customers SET display_name = @display_name, avatar = @avatar, name_key = @name_key, email_key = @email_key,
      phone_key = @phone_key, doc = @doc, workers = @workers, name_rank = @name_rank WHERE id = @id`,
  );
  const neighbours = neighbourFinder(db);
  const respace = rankRespacer(db);
  /** The rank a customer takes at this name, or null when ranks are deferred to the end of the import. */
  const rankOf = (row: CustomerRow, self: number): number | null => {
    if (deferred) return null;
    const rank = rankBetween(neighbours(row.name_key, row.customer_id, self));
    if (rank !== null) return rank;
    // The gap is used up: spread the neighbours out again (rank-respace.ts), or renumber at the end if that fails.
    const respaced = respace(row.name_key, row.customer_id, self);
    if (respaced === null) {
      deferred = true;
      return null;
    }
    moves += respaced.moved;
    return respaced.rank;
  };
  const unassign = db.prepare<[string, string, string]>(
    'DELETE FROM assignments WHERE worker_key = ? AND name_key = ? AND customer_id = ?',
  );
  // Each assignment carries the customer's listed fields and search keys, so that a worker's page and search read
  // the assignments range alone (migration 3).
  const assignInto = (table: string) =>
    db.prepare<[string, number, CustomerRow]>(
      `INSERT OR IGNORE INTO ${table} (worker_key, name_key, customer_id, customer, display_name, avatar, email_key,
        phone_key) VALUES (?, @name_key, @customer_id, ?, @display_name, @avatar, @email_key, @phone_key)`,
    );
  const addAddressInto = (table: string) =>
    db.prepare<[string, string, string, number]>(
      `INSERT OR IGNORE INTO ${table} (address, channel_type, customer_id, customer) VALUES (?, ?, ?, ?)`,
    );
  const forgetAddresses = db.prepare<[number]>(FORGET_ADDRESSES_SQL);
  const unindex = db.prepare<[number]>('DELETE FROM customer_search WHERE rowid = ?');
  const index = db.prepare<[number, string, string, string]>(
    'INSERT INTO customer_search (rowid, name_key, email_key, phone_key) VALUES (?, ?, ?, ?)',
  );
  const ungram = db.prepare<[number]>('DELETE FROM customer_grams WHERE rowid = ?');
  const gram = db.prepare<[number, string]>('INSERT INTO customer_grams (rowid, grams) VALUES (?, ?)');
  const forget = db.prepare<[number]>('DELETE FROM customers WHERE id = ?');
  // Into an empty book: staged rows and indexes built at the end (fresh-load.ts), until a record meets a stored one
  // (a customer given twice to one session), which needs the real tables and indexes to find its old rows.
  let fresh: FreshLoad | null = bookSize === 0 ? startFreshLoad(db) : null;
  let assign = assignInto(fresh?.assignments ?? 'assignments');
  let addAddress = addAddressInto(fresh?.addresses ?? 'customer_addresses');
  const endFreshLoad = () => {
    if (fresh === null) return;
    fresh.finish();
    fresh = null;
    assign = assignInto('assignments');
    addAddress = addAddressInto('customer_addresses');
  };

  function writeOne(record: CustomerRecord): keyof WriteCounts {
    const row = toRow(record);
    const old = find.get(row.customer_id);
    if (old !== undefined) endFreshLoad();
    let id: number;
    let rank: number | null;
    /** The rank whose search entries are this customer's old ones, still to be removed. */
    let stale = old?.name_rank ?? null;
    if (old === undefined) {
      rank = rankOf(row, NO_ROW);
      id = Number(insert.run({ ...row, name_rank: rank }).lastInsertRowid);
    } else {
      id = old.id;
      if (old.name_key !== row.name_key && stale !== null && !deferred) {
        // Removed before a new rank is found: a respacing may give the old rank to a neighbour.
        unindex.run(stale);
        ungram.run(stale);
        stale = null;
      }
      rank = old.name_key === row.name_key ? old.name_rank : rankOf(row, id);
      if (!sameRow(old, row) || rank !== old.name_rank) update.run({ ...row, id, name_rank: rank });
    }
    if (old === undefined || !sameListing(old, row) || old.workers !== row.workers) {
      if (old !== undefined) {
        for (const key of workerKeys(JSON.parse(old.workers) as string[]))
          unassign.run(key, old.name_key, old.customer_id);
      }
      for (const key of workerKeys(record.workers)) assign.run(key, id, row);
    }
    if (old === undefined || old.doc !== row.doc) {
      if (old !== undefined) forgetAddresses.run(id);
      for (const channel of record.channels ?? []) {
        const address = channelAddress(channel);
        addAddress.run(address.key, address.type, row.customer_id, id);
      }
    }
    // Deferred: the renumbering at the end rebuilds the whole search index.
    const moved = old === undefined || !sameKeys(old, row) || rank !== old.name_rank;
    if (!deferred && moved && ++moves > maxMoves) deferred = true;
    if (!deferred && moved) {
      if (stale !== null) {
        unindex.run(stale);
        ungram.run(stale);
      }
      if (rank !== null) {
        index.run(rank, row.name_key, row.email_key, row.phone_key);
        gram.run(rank, gramsDocument(row.name_key, row.email_key, row.phone_key));
      }
    }
    if (old === undefined) return 'added';
    return sameRow(old, row) ? 'unchanged' : 'updated';
  }

  /** A customer, its assignments, addresses and search entry; its rank's gap simply widens. */
  function removeOne(customerId: string): boolean {
    const old = find.get(customerId);
    if (old === undefined) return false;
    endFreshLoad();
    for (const key of workerKeys(JSON.parse(old.workers) as string[]))
      unassign.run(key, old.name_key, old.customer_id);
    forgetAddresses.run(old.id);
    // Deferred: the renumbering at the end rebuilds the search indexes from the customers that are left.
    if (!deferred && old.name_rank !== null) {
      unindex.run(old.name_rank);
      ungram.run(old.name_rank);
    }
    forget.run(old.id);
    return true;
  }

  return {
    // A savepoint per batch: a batch that fails half way leaves nothing behind, and the import can go on or roll
    // back.
    write: db.transaction((records: readonly CustomerRecord[]) => {
      const counts: WriteCounts = { added: 0, updated: 0, unchanged: 0 };
      for (const record of records) counts[writeOne(record)] += 1;
      return counts;
    }),
    remove: db.transaction((customerIds: readonly string[]) => {
      let removed = 0;
      for (const customerId of customerIds) if (removeOne(customerId)) removed += 1;
      return removed;
    }),
    finish() {
      endFreshLoad();
      if (deferred) renumberBook(db);
    },
  };
}

function workerKeys(workers: readonly string[]): Set<string> {
  return new Set(workers.map(workerKey));
}

function sameKeys(a: CustomerRow, b: CustomerRow): boolean {
  return a.name_key === b.name_key && a.email_key === b.email_key && a.phone_key === b.phone_key;
}

/** What each assignment row copies from the customer. */
function sameListing(a: CustomerRow, b: CustomerRow): boolean {
  return sameKeys(a, b) && a.display_name === b.display_name && a.avatar === b.avatar;
}

function sameRow(a: CustomerRow, b: CustomerRow): boolean {
  return sameListing(a, b) && a.doc === b.doc && a.workers === b.workers;
}
