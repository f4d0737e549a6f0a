// The `next` cursor of GET /api/v1/customers: the last customer_id of the page, base64url-encoded so that callers
// treat it as opaque. The list is keyset-paged on customer_id, so a cursor stays valid whatever is written meanwhile:
// the crawl goes on after that id, whether or not it still exists.
import { AppError } from '../errors.ts';

export const cursorAfter = (customerId: string): string =>
  Buffer.from(customerId, 'utf8').toString('base64url');

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function customerIdOfCursor(cursor: string): string {
  let customerId = '';
  try {
    customerId = UTF8.decode(Buffer.from(cursor, 'base64url'));
  } catch {
    // Not UTF-8: not a cursor of ours.
  }
  // Buffer's decoder skips what is not base64url; a cursor this service made encodes back to itself.
  if (customerId === '' || cursorAfter(customerId) !== cursor)
    throw new AppError('bad_request', 'after is not a cursor this API returned');
  return customerId;
}
