// A deletion line, `{"customer_id": "…", "deleted": true}`: the one way a file (or the API's NDJSON body) removes a
// customer without a replace. It is exactly those two fields, so that a record with a stray `deleted` field, or a
// `deleted: false` meant as "keep", is refused instead of taken for something it does not say.
import { customerIdOf } from './normalize.ts';

export type LineKind =
  | { kind: 'record' }
  | { kind: 'deletion'; customerId: string }
  | { kind: 'invalid'; reason: string };

const SHAPE = 'a deletion line is exactly {"customer_id": "…", "deleted": true}';

/** What a raw NDJSON value is: a record (normalizeRecord checks it), a valid deletion line, or a bad one. */
export function lineKind(raw: unknown): LineKind {
  if (typeof raw !== 'object' || raw === null || !('deleted' in raw)) return { kind: 'record' };
  const fields = Object.keys(raw);
  if ((raw as { deleted: unknown }).deleted !== true)
    return { kind: 'invalid', reason: `deleted: must be true (${SHAPE})` };
  const extra = fields.filter((field) => field !== 'deleted' && field !== 'customer_id');
  if (extra.length > 0)
    return { kind: 'invalid', reason: `${extra.join(', ')}: not allowed beside deleted (${SHAPE})` };
  const customerId = customerIdOf(raw);
  if (customerId === undefined)
    return { kind: 'invalid', reason: `customer_id: missing or not a valid customer_id (${SHAPE})` };
  return { kind: 'deletion', customerId };
}
