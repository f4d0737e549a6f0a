// What a chunk of records changes, worked out in JS from the rows already stored, as the SQLite writer decides it
// record by record: a row is rewritten only if something changed, its assignments only if its name or workers
// changed, its channel addresses only if its channels changed. Re-importing an unchanged book plans nothing.
import { channelAddress } from '../address.ts';
import type { Customer } from '../customer.ts';
import { workerKey } from '../store.ts';
import { type CustomerRow, sameRow } from './customer-row.ts';

/** An assignments primary key: (worker_key, name_key, customer_id). */
export type Assignment = [string, string, string];
/** A customer_addresses primary key: (address, channel_type, customer_id). */
export type Address = [string, string, string];

export interface WritePlan {
  rows: CustomerRow[];
  unassign: Assignment[];
  assign: Assignment[];
  unaddress: Address[];
  address: Address[];
}

export function planWrites(rows: Iterable<CustomerRow>, stored: ReadonlyMap<string, CustomerRow>): WritePlan {
  const plan: WritePlan = { rows: [], unassign: [], assign: [], unaddress: [], address: [] };
  for (const row of rows) {
    const old = stored.get(row.customer_id);
    if (old !== undefined && sameRow(old, row)) continue;
    plan.rows.push(row);
    if (old === undefined || old.name_key !== row.name_key || old.workers !== row.workers) {
      if (old !== undefined) plan.unassign.push(...assignments(old));
      plan.assign.push(...assignments(row));
    }
    if (old === undefined || old.doc !== row.doc) {
      if (old !== undefined) plan.unaddress.push(...addresses(old));
      plan.address.push(...addresses(row));
    }
  }
  return plan;
}

function assignments(row: CustomerRow): Assignment[] {
  const keys = new Set((JSON.parse(row.workers) as string[]).map(workerKey));
  return [...keys].map((key) => [key, row.name_key, row.customer_id]);
}

function addresses(row: CustomerRow): Address[] {
  const { channels = [] } = JSON.parse(row.doc) as Pick<Customer, 'channels'>;
  const unique = new Map<string, Address>();
  for (const channel of channels) {
    const { key, type } = channelAddress(channel);
    unique.set(`${key}\u0000${type}`, [key, type, row.customer_id]);
  }
  return [...unique.values()];
}
