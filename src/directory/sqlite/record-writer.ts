// Writes customer records inside an open write transaction: the row, its assignments and its search entry, each
// rewritten only when what it is derived from changed, so re-importing an unchanged book costs one lookup a record.
import { channelAddress } from '../address.ts';
import type { CustomerRecord } from '../customer.ts';
import { workerKey } from '../store.ts';
import type { Connection } from './connection.ts';
import { type CustomerRow, toRow } from './customer-row.ts';

export type RecordWriter = (records: readonly CustomerRecord[]) => void;

type StoredRow = CustomerRow & { id: number };

const ROW_COLUMNS = 'customer_id, display_name, avatar, name_key, email_key, phone_key, doc, workers';

// The search index is written record by record, like the rest: filling it in one pass at the end measured slower
// (a 1M-record import took 88 s that way against 67 s inline), and one path is simpler to trust.
export function recordWriter(db: Connection, options: { replace: boolean }): RecordWriter {
  if (options.replace) {
    db.exec(`DELETE FROM assignments;
      DELETE FROM customer_addresses;
      DELETE FROM customers;
      INSERT INTO customer_search (customer_search) VALUES ('delete-all');`);
  }
  const find = db.prepare<[string], StoredRow>(
    `SELECT id, ${ROW_COLUMNS} FROM customers WHERE customer_id = ?`,
  );
  const insert = db.prepare<[CustomerRow]>(
    `INSERT INTO customers (${ROW_COLUMNS}) VALUES (@customer_id, @display_name, @avatar, @name_key, @email_key, @phone_key, @doc, @workers)`,
  );
  const update = db.prepare<[StoredRow]>(
    `UPDATE customers SET display_name = @display_name, avatar = @avatar, name_key = @name_key, email_key = @email_key,
      phone_key = @phone_key, doc = @doc, workers = @workers WHERE id = @id`,
  );
  const unassign = db.prepare<[string, string, string]>(
    'DELETE FROM assignments WHERE worker_key = ? AND name_key = ? AND customer_id = ?',
  );
  // Each assignment carries the customer's listed fields and search keys, so that a worker's page and search read
  // the assignments range alone (migration 3).
  const assign = db.prepare<[string, number, CustomerRow]>(
    `INSERT OR IGNORE INTO assignments (worker_key, name_key, customer_id, customer, display_name, avatar, email_key,
      phone_key) VALUES (?, @name_key, @customer_id, ?, @display_name, @avatar, @email_key, @phone_key)`,
  );
  const forgetAddresses = db.prepare<[number]>('DELETE FROM customer_addresses WHERE customer = ?');
  const addAddress = db.prepare<[string, string, string, number]>(
    'INSERT OR IGNORE INTO customer_addresses (address, channel_type, customer_id, customer) VALUES (?, ?, ?, ?)',
  );
  const unindex = db.prepare<[number]>('DELETE FROM customer_search WHERE rowid = ?');
  const index = db.prepare<[number, string, string, string]>(
    'INSERT INTO customer_search (rowid, name_key, email_key, phone_key) VALUES (?, ?, ?, ?)',
  );

  function writeOne(record: CustomerRecord): void {
    const row = toRow(record);
    const old = find.get(row.customer_id);
    let id: number;
    if (old === undefined) {
      id = Number(insert.run(row).lastInsertRowid);
    } else {
      id = old.id;
      if (!sameRow(old, row)) update.run({ ...row, id });
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
    if (old === undefined || !sameKeys(old, row)) {
      if (old !== undefined) unindex.run(id);
      index.run(id, row.name_key, row.email_key, row.phone_key);
    }
  }

  // A savepoint per batch: a batch that fails half way leaves nothing behind, and the import can go on or roll back.
  return db.transaction((records: readonly CustomerRecord[]) => {
    for (const record of records) writeOne(record);
  });
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
