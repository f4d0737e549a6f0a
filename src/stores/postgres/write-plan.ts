// What a chunk of records changes, worked out in JS from the rows already stored, as the SQLite writer decides it
// record by record: a row is rewritten only if something changed, its assignments only if its name or workers
// changed, its channel addresses only if its channels (its doc) changed. Re-importing an unchanged book plans nothing.
// Stored docs are compared by MD5, so that an unchanged book is not read back whole; the old doc is read only when it
// changed, for the addresses to drop.
import { createHash } from 'node:crypto';
import { channelAddress } from '../../directory/address.ts';
import type { Customer } from '../../directory/customer.ts';
import { workerKey } from '../../directory/text-key.ts';
import { type CustomerRow, ROW_COLUMNS } from '../customer-row.ts';

/** A stored row as the writer reads it: the doc as its MD5 (PostgreSQL's md5() of the same UTF-8 bytes). */
export type HashedRow = Omit<CustomerRow, 'doc'> & { doc_md5: string };
export const STORED_COLUMNS = ROW_COLUMNS.map((column) =>
  column === 'doc' ? 'md5(doc) AS doc_md5' : column,
);

/** An assignments primary key: (worker_key, name_key, customer_id). */
export type Assignment = [string, string, string];
/** A customer_addresses primary key: (address, channel_type, customer_id). */
export type Address = [string, string, string];

export interface WritePlan {
  rows: CustomerRow[];
  /** How many of `rows` are new; the rest of them are changed customers. */
  added: number;
  /** Records already stored exactly as written. */
  unchanged: number;
  unassign: Assignment[];
  assign: Assignment[];
  unaddress: Address[];
  address: Address[];
}

const docMd5 = (doc: string) => createHash('md5').update(doc, 'utf8').digest('hex');

/** The stored customers among `rows` whose doc changes: their old docs are needed to plan. */
export function changedDocs(rows: Iterable<CustomerRow>, stored: ReadonlyMap<string, HashedRow>): string[] {
  const ids: string[] = [];
  for (const row of rows) {
    const old = stored.get(row.customer_id);
    if (old !== undefined && old.doc_md5 !== docMd5(row.doc)) ids.push(row.customer_id);
  }
  return ids;
}

export function planWrites(
  rows: Iterable<CustomerRow>,
  stored: ReadonlyMap<string, HashedRow>,
  oldDocs: ReadonlyMap<string, string>,
): WritePlan {
  const plan: WritePlan = {
    rows: [],
    added: 0,
    unchanged: 0,
    unassign: [],
    assign: [],
    unaddress: [],
    address: [],
  };
  for (const row of rows) {
    const old = stored.get(row.customer_id);
    const oldDoc = oldDocs.get(row.customer_id);
    const docChanged = old === undefined || oldDoc !== undefined;
    if (old !== undefined && !docChanged && ROW_COLUMNS.every((c) => c === 'doc' || old[c] === row[c])) {
      plan.unchanged += 1;
      continue;
    }
    if (old === undefined) plan.added += 1;
    plan.rows.push(row);
    if (old === undefined || old.name_key !== row.name_key || old.workers !== row.workers) {
      if (old !== undefined) plan.unassign.push(...assignments(old));
      plan.assign.push(...assignments(row));
    }
    if (docChanged) {
      if (old !== undefined && oldDoc !== undefined)
        plan.unaddress.push(...addresses(old.customer_id, oldDoc));
      plan.address.push(...addresses(row.customer_id, row.doc));
    }
  }
  return plan;
}

/** The assignments and addresses of customers about to be removed, from their stored rows. */
export function planRemovals(
  rows: Iterable<Pick<CustomerRow, 'customer_id' | 'name_key' | 'workers' | 'doc'>>,
): Pick<WritePlan, 'unassign' | 'unaddress'> {
  const plan: Pick<WritePlan, 'unassign' | 'unaddress'> = { unassign: [], unaddress: [] };
  for (const row of rows) {
    plan.unassign.push(...assignments(row));
    plan.unaddress.push(...addresses(row.customer_id, row.doc));
  }
  return plan;
}

function assignments(row: Pick<CustomerRow, 'workers' | 'name_key' | 'customer_id'>): Assignment[] {
  const keys = new Set((JSON.parse(row.workers) as string[]).map(workerKey));
  return [...keys].map((key) => [key, row.name_key, row.customer_id]);
}

function addresses(customerId: string, doc: string): Address[] {
  const { channels = [] } = JSON.parse(doc) as Pick<Customer, 'channels'>;
  const unique = new Map<string, Address>();
  for (const channel of channels) {
    const { key, type } = channelAddress(channel);
    unique.set(`${key}\u0000${type}`, [key, type, customerId]);
  }
  return [...unique.values()];
}
