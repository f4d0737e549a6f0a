// A record from an API body, by the import's own rules (src/import/normalize.ts): the same record a file line would
// give, or a 400 listing every problem with its JSON path. The path's customer_id is the record's; a body that names
// another one is refused rather than moved.
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerRecord } from '../directory/customer.ts';
import type { OptOutChange } from '../directory/opt-out-store.ts';
import { AppError } from '../errors.ts';
import { normalizeRecord } from '../import/normalize.ts';

/** The record, and the explicit opt-out changes its channels carry (`opted_out_at`), written with it. */
export interface RecordInput {
  record: CustomerRecord;
  optOuts: OptOutChange[];
}

export function recordInput(
  body: unknown,
  customerId: string,
  defaultCountry: CountryCode | undefined,
): RecordInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('bad_request', 'The body must be a JSON object: one customer record');
  const given = (body as { customer_id?: unknown }).customer_id;
  if (given !== undefined && String(given) !== customerId) {
    throw new AppError('bad_request', 'The customer_id in the body differs from the one in the path');
  }
  const result = normalizeRecord(
    { ...body, customer_id: customerId },
    defaultCountry === undefined ? {} : { defaultCountry },
  );
  if (result.ok) return { record: result.record, optOuts: result.optOuts };
  const details = result.problems.map((problem) => ({ path: problem.field, message: problem.text }));
  // The message is logged; the details may quote the record's values, so they go to the caller only.
  const count = details.length === 1 ? 'one problem' : `${details.length} problems`;
  throw new AppError('invalid_record', `The record is invalid: ${count}, listed in details`, details);
}
