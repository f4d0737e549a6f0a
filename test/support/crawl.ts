// Walks a worker's whole list through the HTTP interface, the way the app scrolls, in either paging mode.
import assert from 'node:assert/strict';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { fold } from '../../src/directory/text-key.ts';
import type { Harness } from './app-harness.ts';

interface ListBody {
  objects: {
    customers: { customer_id: string; display_name: string }[];
    searchable: boolean;
    next_page_token?: string;
  };
}

export async function crawl(
  h: Harness,
  worker: string,
  mode: 'token' | 'anchor',
  pageSize: number,
  query?: string,
): Promise<string[]> {
  const seen: string[] = [];
  let next: Record<string, string> = {};
  for (let pages = 0; pages < 10_000; pages += 1) {
    const fields: Record<string, string> = {
      Location: 'GetCustomersList',
      Worker: worker,
      PageSize: String(pageSize),
      ...next,
    };
    if (query !== undefined) fields.Query = query;
    const response = await h.crm(fields);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as ListBody;
    assert.equal(body.objects.searchable, true);
    const ids = body.objects.customers.map((c) => c.customer_id);
    seen.push(...ids);
    const token = body.objects.next_page_token;
    if (token === undefined) return seen;
    assert.ok(ids.length > 0, 'a page with a next_page_token is not empty');
    next = mode === 'token' ? { NextPageToken: token } : { Anchor: ids.at(-1) as string };
  }
  throw new Error('crawl did not end');
}

/** The expected order: folded name byte-wise, ties by customer_id. */
export function expectedOrder(records: CustomerRecord[], visible: (r: CustomerRecord) => boolean): string[] {
  const key = (r: CustomerRecord) => Buffer.from(`${fold(r.display_name)}\u0000${r.customer_id}`);
  return records
    .filter(visible)
    .sort((a, b) => Buffer.compare(key(a), key(b)))
    .map((r) => r.customer_id);
}

export function assignedTo(worker: string) {
  return (r: CustomerRecord) => r.workers.some((w) => w.toLowerCase() === worker.toLowerCase());
}
