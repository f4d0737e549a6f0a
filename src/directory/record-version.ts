// The version of a stored record, which the directory API sends as its ETag: a digest of the record as the store
// holds it. Both stores rebuild a record from its row with the same key order (src/stores/customer-row.ts), so the
// same record has the same version on every store and every instance, and any change to it changes the version,
// whoever wrote it (an import, the API, another instance). Nothing extra is stored or kept in step.
import { createHash } from 'node:crypto';
import type { CustomerRecord } from './customer.ts';

export function recordVersion(record: CustomerRecord): string {
  // 128 bits of SHA-256: an ETag only has to tell versions of one record apart.
  return createHash('sha256').update(JSON.stringify(record), 'utf8').digest('base64url').slice(0, 22);
}
