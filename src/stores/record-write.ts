// What both stores share of a single-record write: the stored form of a record, with its version, and whether a
// write's condition holds against what is stored. Each store reads the stored record inside the write's own
// transaction (under its locks), so the check and the write are one atomic step.
import type { CustomerRecord } from '../directory/customer.ts';
import type { StoredRecord, WriteCondition } from '../directory/customer-store.ts';
import { recordVersion } from '../directory/record-version.ts';
import { type CustomerRow, toRecord, toRow } from './customer-row.ts';

export type RecordColumns = Pick<CustomerRow, 'customer_id' | 'display_name' | 'avatar' | 'doc' | 'workers'>;
export const RECORD_COLUMNS = 'customer_id, display_name, avatar, doc, workers';

export function storedRecord(row: RecordColumns): StoredRecord {
  const record = toRecord(row);
  return { record, version: recordVersion(record) };
}

/** The record as the store will hold it once written: what a write answers, with the version a read will give. */
export function asStored(record: CustomerRecord): StoredRecord {
  return storedRecord(toRow(record));
}

export function conditionHolds(current: StoredRecord | null, condition: WriteCondition): boolean {
  if (condition.kind === 'any') return true;
  if (condition.kind === 'absent') return current === null;
  if (condition.kind === 'present') return current !== null;
  return current !== null && condition.versions.includes(current.version);
}
