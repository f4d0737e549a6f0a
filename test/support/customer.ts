// The one builder of the tests' customer records: an id, a display name, the workers it is assigned to, and any
// other field of a CustomerRecord. Books (book.ts, address-book.ts, the store contract's) are lists of these.
import type { CustomerRecord } from '../../src/directory/customer.ts';

export function customer(
  id: string,
  name: string,
  workers: string[] = [],
  extra: Partial<CustomerRecord> = {},
): CustomerRecord {
  return { customer_id: id, display_name: name, ...extra, workers };
}
