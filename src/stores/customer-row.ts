// How a customer is laid out in a `customers` row, the same in both stores. The fields only the details screen reads
// travel as one JSON document (text in PostgreSQL too: jsonb reorders keys, and an export must read exactly like
// the import); what lists, sorts and searches need has its own columns. Absent fields stay absent both ways.
import type { Customer, CustomerRecord } from '../directory/customer.ts';
import { customerKeys } from '../directory/text-key.ts';

export interface CustomerRow {
  customer_id: string;
  display_name: string;
  avatar: string | null;
  name_key: string;
  email_key: string;
  phone_key: string;
  /** JSON of { channels?, links?, details? }. */
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
  const doc: Pick<Customer, 'channels' | 'links' | 'details'> = {};
  if (record.channels != null) doc.channels = record.channels;
  if (record.links != null) doc.links = record.links;
  if (record.details != null) doc.details = record.details;
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

export function toCustomer(
  row: Pick<CustomerRow, 'customer_id' | 'display_name' | 'avatar' | 'doc'>,
): Customer {
  return {
    customer_id: row.customer_id,
    display_name: row.display_name,
    ...(row.avatar === null ? {} : { avatar: row.avatar }),
    ...(JSON.parse(row.doc) as Pick<Customer, 'channels' | 'links' | 'details'>),
  };
}

export function toRecord(
  row: Pick<CustomerRow, 'customer_id' | 'display_name' | 'avatar' | 'doc' | 'workers'>,
): CustomerRecord {
  return { ...toCustomer(row), workers: JSON.parse(row.workers) as string[] };
}
