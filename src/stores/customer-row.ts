// How a customer is laid out in a `customers` row, the same in both stores. The fields only the details screen reads
// travel as one JSON document (text in PostgreSQL too: jsonb reorders keys, and an export must read exactly like
// the import); what lists, sorts and searches need has its own columns. Absent fields stay absent both ways.
// A record's `source` travels in the document too: only the directory API's `?source=` filter reads it, through a
// partial index on that JSON field (SQLite migration 15, PostgreSQL 11) that holds the few such customers only.
import type { Customer, CustomerRecord } from '../directory/customer.ts';
import { customerKeys } from '../directory/text-key.ts';

export interface CustomerRow {
  customer_id: string;
  display_name: string;
  avatar: string | null;
  name_key: string;
  email_key: string;
  phone_key: string;
  /** JSON of { channels?, links?, details?, source? }. */
  doc: string;
  /** JSON array of the worker identities as given. */
  workers: string;
}

export const ROW_COLUMNS = [
  'customer_id',
  'display_name',
  'avatar',
  'name_key',
  'email_key',
  'phone_key',
  'doc',
  'workers',
] as const satisfies readonly (keyof CustomerRow)[];

export function toRow(record: CustomerRecord): CustomerRow {
  const keys = customerKeys(record);
  const doc: RowDoc = {};
  if (record.channels != null) doc.channels = record.channels;
  if (record.links != null) doc.links = record.links;
  if (record.details != null) doc.details = record.details;
  if (record.source != null) doc.source = record.source;
  return {
    customer_id: record.customer_id,
    display_name: record.display_name,
    avatar: record.avatar ?? null,
    name_key: keys.name,
    email_key: keys.email,
    phone_key: keys.phone,
    doc: JSON.stringify(doc),
    workers: JSON.stringify(record.workers),
  };
}

type RowDoc = Pick<CustomerRecord, 'channels' | 'links' | 'details' | 'source'>;

function customerOf(
  row: Pick<CustomerRow, 'customer_id' | 'display_name' | 'avatar'>,
  doc: RowDoc,
): { customer: Customer; source: CustomerRecord['source'] } {
  const { source, ...fields } = doc;
  const customer = {
    customer_id: row.customer_id,
    display_name: row.display_name,
    ...(row.avatar === null ? {} : { avatar: row.avatar }),
    ...fields,
  };
  return { customer, source };
}

/** What Frontline reads: never the record's source. */
export function toCustomer(
  row: Pick<CustomerRow, 'customer_id' | 'display_name' | 'avatar' | 'doc'>,
): Customer {
  return customerOf(row, JSON.parse(row.doc) as RowDoc).customer;
}

export function toRecord(
  row: Pick<CustomerRow, 'customer_id' | 'display_name' | 'avatar' | 'doc' | 'workers'>,
): CustomerRecord {
  const { customer, source } = customerOf(row, JSON.parse(row.doc) as RowDoc);
  // The key order normalizeRecord gives, so that a record's version is the same however it was read.
  const record: CustomerRecord = { ...customer, workers: JSON.parse(row.workers) as string[] };
  if (source !== undefined) record.source = source;
  return record;
}
