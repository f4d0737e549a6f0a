// The directory API's customer routes over HTTP (app.inject on the real app and a real store, each store of
// test/support/stores.ts): every status of GET, PUT, PATCH, DELETE and the list, ETags and conditions, and what the
// callbacks see after each write.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { type Harness, harness, signature, signedUrlOf } from '../support/app-harness.ts';
import { customer } from '../support/customer.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const WRITER = 'crm-sync';
const READER = 'reporting';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const API_KEYS = { [WRITER]: { readOnly: false }, [READER]: { readOnly: true } };

const ANNA = customer('c1', 'Anna Smith', [ALICE], { channels: [{ type: 'sms', value: '+12125550101' }] });

type Method = 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';

function call(
  h: Harness,
  method: Method,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const json = body === undefined ? {} : { payload: JSON.stringify(body) };
  const type = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  return h.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${h.keys[WRITER]}`,
      ...(body === undefined ? {} : { 'content-type': type }),
      ...headers,
    },
    ...json,
  });
}

const errorCode = (response: LightMyRequestResponse) =>
  (response.json() as { error: { code: string } }).error.code;

async function listedBy(h: Harness, worker: string, query?: string): Promise<string[]> {
  const fields: Record<string, string> = { Location: 'GetCustomersList', Worker: worker, PageSize: '50' };
  if (query !== undefined) fields.Query = query;
  const response = await h.crm(fields);
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { objects: { customers: { customer_id: string }[] } }).objects.customers.map(
    (c) => c.customer_id,
  );
}

function describeCustomerRoutes(adapter: TestStore): void {
  describe(`directory API: customers (${adapter.name})`, () => {
    const opened: Harness[] = [];
    after(async () => {
      for (const h of opened.splice(0)) await h.close();
    });
    async function app(records: readonly CustomerRecord[] = []): Promise<Harness> {
      const h = await harness(
        records,
        { DEFAULT_COUNTRY: 'US' },
        { store: adapter, apiKeys: API_KEYS, writeWaitMs: 300 },
      );
      opened.push(h);
      return h;
    }

    it('creates with 201, replaces with 200, and answers the record normalized with its ETag', async () => {
      const h = await app();
      const created = await call(h, 'PUT', '/api/v1/customers/c1', {
        display_name: '  Anna Smith ',
        channels: [{ type: 'sms', value: '(212) 555-0101' }],
        workers: [ALICE],
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.headers.location, '/api/v1/customers/c1');
      assert.deepEqual(created.json(), ANNA);
      const etag = created.headers.etag;
      assert.match(String(etag), /^"[A-Za-z0-9_-]{22}"$/);

      const read = await call(h, 'GET', '/api/v1/customers/c1');
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers.etag, etag);
      assert.deepEqual(read.json(), ANNA);

      const same = await call(h, 'PUT', '/api/v1/customers/c1', ANNA);
      assert.equal(same.statusCode, 200);
      assert.equal(same.headers.etag, etag);
      const renamed = await call(h, 'PUT', '/api/v1/customers/c1', { ...ANNA, display_name: 'Anna Jones' });
      assert.equal(renamed.statusCode, 200);
      assert.notEqual(renamed.headers.etag, etag);
      assert.deepEqual(await listedBy(h, ALICE, 'jones'), ['c1']);
    });

    it('answers 304 to a GET whose If-None-Match holds the current ETag, and 404 for an unknown id', async () => {
      const h = await app([ANNA]);
      const { etag } = (await call(h, 'GET', '/api/v1/customers/c1')).headers;
      const cached = await call(h, 'GET', '/api/v1/customers/c1', undefined, {
        'if-none-match': String(etag),
      });
      assert.equal(cached.statusCode, 304);
      assert.equal(cached.body, '');
      const changed = await call(h, 'GET', '/api/v1/customers/c1', undefined, { 'if-none-match': '"old"' });
      assert.equal(changed.statusCode, 200);
      const unknown = await call(h, 'GET', '/api/v1/customers/nobody');
      assert.equal(unknown.statusCode, 404);
      assert.equal(errorCode(unknown), 'customer_not_found');
    });

    it('refuses an invalid record with 400 and every problem in details, writing nothing', async () => {
      const h = await app([ANNA]);
      const response = await call(h, 'PUT', '/api/v1/customers/c1', {
        display_name: '',
        channels: [
          { type: 'sms', value: '555-01' },
          { type: 'fax', value: '1' },
        ],
        workers: [ALICE],
      });
      assert.equal(response.statusCode, 400, response.body);
      const { error } = response.json() as {
        error: { code: string; details: { path: string; message: string }[] };
      };
      assert.equal(error.code, 'invalid_record');
      assert.deepEqual(
        error.details.map((detail) => detail.path),
        ['display_name', 'channels[0].value', 'channels[1].type'],
      );
      for (const detail of error.details) assert.ok(detail.message.length > 0);
      assert.deepEqual((await call(h, 'GET', '/api/v1/customers/c1')).json(), ANNA);
      // The log says that a record was refused, never what it held.
      assert.ok(!h.logs.join('\n').includes('555-01'));
    });

    it('refuses a body that names another customer_id, is not JSON, is not an object, or is too big', async () => {
      const h = await app();
      const other = await call(h, 'PUT', '/api/v1/customers/c1', { ...ANNA, customer_id: 'c2' });
      assert.equal(other.statusCode, 400);
      const notJson = await h.app.inject({
        method: 'PUT',
        url: '/api/v1/customers/c1',
        headers: { authorization: `Bearer ${h.keys[WRITER]}`, 'content-type': 'application/json' },
        payload: '{"display_name": ',
      });
      assert.equal(notJson.statusCode, 400);
      assert.equal(errorCode(notJson), 'bad_request');
      const array = await call(h, 'PUT', '/api/v1/customers/c1', [ANNA]);
      assert.equal(array.statusCode, 400);
      const form = await h.app.inject({
        method: 'PUT',
        url: '/api/v1/customers/c1',
        headers: {
          authorization: `Bearer ${h.keys[WRITER]}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'display_name=x',
      });
      assert.equal(form.statusCode, 415);
      const huge = await call(h, 'PUT', '/api/v1/customers/c1', {
        ...ANNA,
        details: { title: 't', content: 'x'.repeat(2_000_000) },
      });
      assert.equal(huge.statusCode, 413);
      const long = await call(h, 'PUT', `/api/v1/customers/${'x'.repeat(300)}`, ANNA);
      assert.equal(long.statusCode, 400);
      assert.equal((await call(h, 'GET', '/api/v1/customers?limit=10')).json().customers.length, 0);
    });

    it('writes under If-Match and If-None-Match only when they hold, else 412', async () => {
      const h = await app([ANNA]);
      const { etag } = (await call(h, 'GET', '/api/v1/customers/c1')).headers;
      const exists = await call(h, 'PUT', '/api/v1/customers/c1', ANNA, { 'if-none-match': '*' });
      assert.equal(exists.statusCode, 412);
      assert.equal(errorCode(exists), 'precondition_failed');
      const fresh = await call(h, 'PUT', '/api/v1/customers/c2', customer('c2', 'New'), {
        'if-none-match': '*',
      });
      assert.equal(fresh.statusCode, 201);

      const stale = await call(
        h,
        'PUT',
        '/api/v1/customers/c1',
        { ...ANNA, display_name: 'X' },
        { 'if-match': '"stale"' },
      );
      assert.equal(stale.statusCode, 412);
      const weak = await call(h, 'PUT', '/api/v1/customers/c1', ANNA, { 'if-match': `W/${etag}` });
      assert.equal(weak.statusCode, 412, 'If-Match compares strongly');
      const current = await call(
        h,
        'PUT',
        '/api/v1/customers/c1',
        { ...ANNA, display_name: 'Y' },
        {
          'if-match': `"other", ${etag}`,
        },
      );
      assert.equal(current.statusCode, 200);
      const again = await call(h, 'PUT', '/api/v1/customers/c1', ANNA, { 'if-match': String(etag) });
      assert.equal(again.statusCode, 412, 'the ETag read before the change no longer matches');
      const star = await call(h, 'PUT', '/api/v1/customers/c9', customer('c9', 'Nine'), { 'if-match': '*' });
      assert.equal(star.statusCode, 412, 'If-Match: * needs a record');
      const garbled = await call(h, 'PUT', '/api/v1/customers/c1', ANNA, { 'if-match': 'no-quotes' });
      assert.equal(garbled.statusCode, 400);
    });

    it('patches with JSON Merge Patch: an owner change moves the customer from one rep to the other', async () => {
      const h = await app([
        { ...ANNA, avatar: 'https://example.com/a.png' },
        customer('c2', 'Bob Stone', [BOB]),
      ]);
      assert.deepEqual(await listedBy(h, ALICE), ['c1']);
      const moved = await call(h, 'PATCH', '/api/v1/customers/c1', { workers: [BOB], avatar: null });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(moved.json(), { ...ANNA, workers: [BOB] });
      assert.deepEqual(await listedBy(h, ALICE), []);
      assert.deepEqual(await listedBy(h, BOB), ['c1', 'c2']);

      const plain = await h.app.inject({
        method: 'PATCH',
        url: '/api/v1/customers/c1',
        headers: { authorization: `Bearer ${h.keys[WRITER]}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ details: { title: 'Notes', content: 'VIP' } }),
      });
      assert.equal(plain.statusCode, 200, 'application/json is read as a merge patch too');
      assert.equal((plain.json() as CustomerRecord).details?.content, 'VIP');

      const stale = await call(
        h,
        'PATCH',
        '/api/v1/customers/c1',
        { display_name: 'Z' },
        { 'if-match': '"stale"' },
      );
      assert.equal(stale.statusCode, 412);
      const rekey = await call(h, 'PATCH', '/api/v1/customers/c1', { customer_id: 'c3' });
      assert.equal(rekey.statusCode, 400);
      const invalid = await call(h, 'PATCH', '/api/v1/customers/c1', {
        channels: [{ type: 'sms', value: 'nope' }],
      });
      assert.equal(invalid.statusCode, 400);
      assert.equal(errorCode(invalid), 'invalid_record');
      const unknown = await call(h, 'PATCH', '/api/v1/customers/nobody', { display_name: 'x' });
      assert.equal(unknown.statusCode, 404);
      assert.equal((await call(h, 'GET', '/api/v1/customers/c1')).json().display_name, 'Anna Smith');
    });

    it('deletes: 204, then 404 everywhere, its details and lists included; a stale If-Match is 412', async () => {
      const h = await app([ANNA, customer('c2', 'Bob Stone', [ALICE])]);
      const { etag } = (await call(h, 'GET', '/api/v1/customers/c1')).headers;
      const stale = await call(h, 'DELETE', '/api/v1/customers/c1', undefined, { 'if-match': '"stale"' });
      assert.equal(stale.statusCode, 412);
      const removed = await call(h, 'DELETE', '/api/v1/customers/c1', undefined, {
        'if-match': String(etag),
      });
      assert.equal(removed.statusCode, 204);
      assert.equal(removed.body, '');
      assert.equal((await call(h, 'DELETE', '/api/v1/customers/c1')).statusCode, 404);
      assert.equal((await call(h, 'GET', '/api/v1/customers/c1')).statusCode, 404);
      assert.deepEqual(await listedBy(h, ALICE), ['c2']);
      const details = await h.crm({
        Location: 'GetCustomerDetailsByCustomerId',
        Worker: ALICE,
        CustomerId: 'c1',
      });
      assert.equal(details.statusCode, 404);
    });

    it('lists every record in customer_id order with a next cursor, the whole book or one worker', async () => {
      const book = ['e', 'a', 'c', 'b', 'd'].map((id, i) =>
        customer(id, `N${i}`, i % 2 === 0 ? [ALICE] : [BOB]),
      );
      const h = await app(book);
      const crawl = async (query: string) => {
        const ids: string[] = [];
        let next: string | null = null;
        do {
          const cursor: string = next === null ? '' : `&after=${encodeURIComponent(next)}`;
          const response = await call(h, 'GET', `/api/v1/customers?${query}${cursor}`);
          assert.equal(response.statusCode, 200, response.body);
          const page = response.json() as { customers: CustomerRecord[]; next: string | null };
          ids.push(...page.customers.map((record) => record.customer_id));
          next = page.next;
        } while (next !== null);
        return ids;
      };
      assert.deepEqual(await crawl('limit=2'), ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual(await crawl('limit=5'), ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual(await crawl(`limit=1&worker=${encodeURIComponent('Alice@Example.com')}`), [
        'c',
        'd',
        'e',
      ]);
      const all = (await call(h, 'GET', '/api/v1/customers')).json() as {
        customers: CustomerRecord[];
        next: null;
      };
      assert.equal(all.customers.length, 5);
      assert.equal(all.next, null);
      for (const bad of ['limit=0', 'limit=1001', 'limit=x', 'after=%25%25', 'after=YQ']) {
        const response = await call(h, 'GET', `/api/v1/customers?${bad}`);
        assert.equal(response.statusCode, bad === 'after=YQ' ? 200 : 400, bad);
      }
    });

    it('keeps a rep crawl going through writes: no repeat, no skip of a customer that did not change', async () => {
      const book = Array.from({ length: 30 }, (_, i) =>
        customer(`k${String(i).padStart(2, '0')}`, `Name ${String(i).padStart(2, '0')}`, [ALICE]),
      );
      const h = await app(book);
      const first = await h.crm({ Location: 'GetCustomersList', Worker: ALICE, PageSize: '10' });
      const page1 = first.json() as {
        objects: { customers: { customer_id: string }[]; next_page_token: string };
      };
      // Between two scrolls: one customer of the next page deleted, one created further on, one renamed back.
      assert.equal((await call(h, 'DELETE', '/api/v1/customers/k12')).statusCode, 204);
      assert.equal(
        (await call(h, 'PUT', '/api/v1/customers/k99', customer('k99', 'Name 25b', [ALICE]))).statusCode,
        201,
      );
      assert.equal(
        (await call(h, 'PATCH', '/api/v1/customers/k20', { display_name: 'Aaron First' })).statusCode,
        200,
      );
      const seen = page1.objects.customers.map((c) => c.customer_id);
      let token: string | undefined = page1.objects.next_page_token;
      while (token !== undefined) {
        const response = await h.crm({
          Location: 'GetCustomersList',
          Worker: ALICE,
          PageSize: '10',
          NextPageToken: token,
        });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as {
          objects: { customers: { customer_id: string }[]; next_page_token?: string };
        };
        seen.push(...body.objects.customers.map((c) => c.customer_id));
        token = body.objects.next_page_token;
      }
      const unchanged = book.map((r) => r.customer_id).filter((id) => id !== 'k12' && id !== 'k20');
      for (const id of unchanged) assert.equal(seen.filter((s) => s === id).length, 1, id);
      assert.ok(seen.includes('k99'), 'a customer created ahead of the crawl is met');
      assert.ok(!seen.includes('k12'), 'a deleted customer is not listed');
    });

    it('answers 503 store_busy with Retry-After while an import holds the store, and writes nothing', async () => {
      const h = await app([ANNA]);
      const session = await h.store.beginImport();
      try {
        const busy = await call(h, 'PUT', '/api/v1/customers/c2', customer('c2', 'Late'));
        assert.equal(busy.statusCode, 503);
        assert.equal(errorCode(busy), 'store_busy');
        assert.equal(busy.headers['retry-after'], '5');
      } finally {
        await session.rollback();
      }
      assert.equal((await call(h, 'GET', '/api/v1/customers/c2')).statusCode, 404);
    });

    it('logs each write as one line with the key name, never the key or the record', async () => {
      const h = await app();
      await call(h, 'PUT', '/api/v1/customers/c1', ANNA);
      await call(h, 'PATCH', '/api/v1/customers/c1', { workers: [BOB] });
      await call(h, 'DELETE', '/api/v1/customers/c1');
      const writes = h.logEntries().filter((entry) => entry.msg === 'directory write');
      assert.deepEqual(
        writes.map((entry) => [entry.key, entry.operation, entry.customers, entry.status]),
        [
          ['crm-sync', 'create', 1, 201],
          ['crm-sync', 'update', 1, 200],
          ['crm-sync', 'delete', 1, 204],
        ],
      );
      const log = h.logs.join('\n');
      for (const secret of [String(h.keys[WRITER]), 'Anna', '5550101', 'c1'])
        assert.ok(!log.includes(secret), secret);
    });
  });
}

for (const adapter of STORES) describeCustomerRoutes(adapter);

describe('directory API: keys and the callbacks stay apart', () => {
  const opened: Harness[] = [];
  after(async () => {
    for (const h of opened.splice(0)) await h.close();
  });

  it('is closed until a key is created, saying how to make one', async () => {
    const h = await harness([ANNA]);
    opened.push(h);
    const response = await h.app.inject({ method: 'GET', url: '/api/v1/customers/c1' });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer');
    assert.match(response.body, /frontline api-key create/);
  });

  it('needs a key for every route, refuses writes to a read-only key, and a key opens no callback', async () => {
    const h = await harness([ANNA], {}, { apiKeys: API_KEYS });
    opened.push(h);
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${h.keys[WRITER]}`]) {
      const response = await h.app.inject({
        method: 'GET',
        url: '/api/v1/customers',
        headers: authorization === undefined ? {} : { authorization },
      });
      assert.equal(response.statusCode, 401, String(authorization));
    }
    const reader = { authorization: `Bearer ${h.keys[READER]}` };
    assert.equal(
      (await h.app.inject({ method: 'GET', url: '/api/v1/customers/c1', headers: reader })).statusCode,
      200,
    );
    const write = await h.app.inject({ method: 'DELETE', url: '/api/v1/customers/c1', headers: reader });
    assert.equal(write.statusCode, 403);
    const callback = await h.app.inject({
      method: 'POST',
      url: '/callbacks/crm',
      headers: {
        authorization: `Bearer ${h.keys[WRITER]}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'Location=GetCustomersList&Worker=alice%40example.com',
    });
    assert.equal(callback.statusCode, 403, 'without the Twilio signature a callback is refused, key or not');
    const signedToApi = await h.app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { 'x-twilio-signature': signature(signedUrlOf('/api/v1/customers'), {}) },
    });
    assert.equal(signedToApi.statusCode, 401, "Twilio's signature opens no API route");
  });

  it('serves its OpenAPI 3.1 document without a key, generated from the routes', async () => {
    const h = await harness();
    opened.push(h);
    const response = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths['/api/v1/customers/{customer_id}'] ?? {}).sort(), [
      'delete',
      'get',
      'patch',
      'put',
    ]);
    assert.ok(doc.paths['/api/v1/customers']?.get);
    assert.equal(doc.paths['/api/v1/openapi.json'], undefined);
  });
});
