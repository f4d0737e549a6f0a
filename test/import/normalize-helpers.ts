// Shared by the normalize tests: the record or the reason, failing the test with the other.
import assert from 'node:assert/strict';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { type NormalizeOptions, normalizeRecord } from '../../src/import/normalize.ts';

export const base = { customer_id: 'c1', display_name: 'Zoë Müller' };

export function accepted(raw: unknown, options: NormalizeOptions = {}): CustomerRecord {
  const result = normalizeRecord(raw, options);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(raw)} to be accepted, got: ${result.reason}`);
  return result.record;
}

export function rejected(raw: unknown, options: NormalizeOptions = {}): string {
  const result = normalizeRecord(raw, options);
  if (result.ok)
    assert.fail(`expected ${JSON.stringify(raw)} to be rejected, got ${JSON.stringify(result.record)}`);
  return result.reason;
}

/** Normalizing the output again must give the very same record, key order included. */
export function assertFixedPoint(record: CustomerRecord, options: NormalizeOptions = {}): void {
  const again = accepted(record, options);
  assert.deepEqual(again, record);
  assert.equal(JSON.stringify(again), JSON.stringify(record));
}
