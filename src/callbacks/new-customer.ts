// A customer created from Frontline (a stranger's first conversation, a rep's CreateCustomer) is written exactly as
// the directory API's PUT writes one: the import's field rules (record-input.ts), then the store's single-record
// write with condition `absent`, checked inside the write's own transaction. Whoever loses a race for the same
// customer_id (another message, another instance) changes nothing and reads the record that won.
import type { CountryCode } from 'libphonenumber-js';
import { recordInput } from '../api/record-input.ts';
import type { CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore } from '../directory/customer-store.ts';

export type NewCustomerOutcome =
  | { kind: 'created'; record: CustomerRecord }
  /** A record with this customer_id was there first (or was written meanwhile): that one, unchanged. */
  | { kind: 'existing'; record: CustomerRecord }
  /** It was there, and was removed again before it could be read: nothing to route to. */
  | { kind: 'gone' };

/** A time as the new customers' details show it: ISO 8601 UTC to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The record of a new customer by the import's rules; throws AppError invalid_record (400, every problem listed). */
export function newCustomerRecord(
  body: Record<string, unknown>,
  customerId: string,
  defaultCountry: CountryCode | undefined,
): CustomerRecord {
  // No opt-out change, whatever the body says: an opt-out its address already has (kept by address, not by
  // customer) holds for the new customer as it is, and only the customer's own keyword or the CRM changes it.
  return recordInput(body, customerId, defaultCountry).record;
}

export async function writeNewCustomer(
  store: CustomerStore,
  record: CustomerRecord,
): Promise<NewCustomerOutcome> {
  const customerId = record.customer_id;
  const outcome = await store.putRecord(record, { kind: 'absent' }, []);
  if (outcome.kind !== 'precondition_failed') return { kind: 'created', record: outcome.stored.record };
  const stored = await store.getRecord(customerId);
  return stored === null ? { kind: 'gone' } : { kind: 'existing', record: stored.record };
}
