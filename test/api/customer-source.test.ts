// `source: "inbound"` in the directory API and `frontline export`, on each store: a sync job finds the customers
// created from Frontline with ?source=inbound, a page at a time through an index of those rows alone, and a PUT
// without `source` adopts one (it leaves the filter). The OpenAPI document says so too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { INBOUND_PAGE } from '../../src/stores/postgres/postgres-customer-store.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { customer } from '../support/customer.ts';
import { createTestDatabase } from '../support/postgres-database.ts';
import { runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';

const KEYS = { sync: { readOnly: false } };
const ALICE = 'alice@example.com';
const inbound = (id: string): CustomerRecord => ({
  ...customer(id, `Stranger ${id}`, [ALICE], { channels: [{ type: 'email', value: `${id}@example.com` }] }),
  source: 'inbound',
});
const BOOK = [
  customer('a1', 'Anna', [ALICE]),
  inbound('b2'),
  customer('c3', 'Carl', [ALICE]),
  inbound('d4'),
  inbound('e5'),
  customer('f6', 'Fay'),
];

function call(h: Harness, method: 'GET' | 'PUT' | 'PATCH', url: string, body?: unknown) {
  const type = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  return h.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: {
      authorization: `Bearer ${h.keys.sync}`,
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}
const ids = (response: LightMyRequestResponse) => {
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { customers: CustomerRecord[] }).customers.map((c) => c.customer_id);
};
const errorCode = (response: LightMyRequestResponse) =>
  (response.json() as { error: { code: string } }).error.code;

for (const kind of STORES) {
  describe(`directory API: source (${kind.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(BOOK, {}, { store: kind, apiKeys: KEYS });
    });
    after(() => h.close());

    it('shows source on the record and filters the list by it, a page at a time', async () => {
      const one = await call(h, 'GET', '/customers/b2');
      assert.equal((one.json() as CustomerRecord).source, 'inbound');
      assert.equal((await call(h, 'GET', '/customers/a1')).json().source, undefined);
      assert.deepEqual(ids(await call(h, 'GET', '/customers?source=inbound')), ['b2', 'd4', 'e5']);
      const first = await call(h, 'GET', '/customers?source=inbound&limit=2');
      assert.deepEqual(ids(first), ['b2', 'd4']);
      const next = (first.json() as { next: string }).next;
      const rest = await call(
        h,
        'GET',
        `/customers?source=inbound&limit=2&after=${encodeURIComponent(next)}`,
      );
      assert.deepEqual(ids(rest), ['e5']);
      assert.equal((rest.json() as { next: null }).next, null);
      assert.deepEqual(ids(await call(h, 'GET', '/customers')), ['a1', 'b2', 'c3', 'd4', 'e5', 'f6']);
    });

    it('refuses another source, or source with worker, with 400', async () => {
      const other = await call(h, 'GET', '/customers?source=crm');
      assert.equal(other.statusCode, 400, other.body);
      const both = await call(h, 'GET', `/customers?source=inbound&worker=${ALICE}`);
      assert.equal(both.statusCode, 400, both.body);
      assert.equal(errorCode(both), 'bad_request');
      const badRecord = await call(h, 'PUT', '/customers/x9', { display_name: 'X', source: 'crm' });
      assert.equal(badRecord.statusCode, 400, badRecord.body);
      assert.deepEqual(
        (badRecord.json() as { error: { details: { path: string }[] } }).error.details.map((d) => d.path),
        ['source'],
      );
      assert.equal((await call(h, 'GET', '/customers/x9')).statusCode, 404);
    });

    it('a PATCH keeps source; a PUT without it, or a PATCH that removes it, adopts the customer', async () => {
      const patched = await call(h, 'PATCH', '/customers/d4', { display_name: 'Dora' });
      assert.equal((patched.json() as CustomerRecord).source, 'inbound');
      const { source: _source, ...adopted } = inbound('b2');
      const put = await call(h, 'PUT', '/customers/b2', { ...adopted, display_name: 'Bea Brown' });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal((put.json() as CustomerRecord).source, undefined);
      assert.equal((await call(h, 'PATCH', '/customers/e5', { source: null })).statusCode, 200);
      assert.deepEqual(ids(await call(h, 'GET', '/customers?source=inbound')), ['d4']);
      // Frontline never sees source: details answers the customer without it.
      const details = await h.crm({
        Location: 'GetCustomerDetailsByCustomerId',
        Worker: ALICE,
        CustomerId: 'd4',
      });
      assert.equal(details.statusCode, 200, details.body);
      assert.equal(JSON.stringify(details.json()).includes('source'), false);
    });

    it('frontline export carries source, and importing the export keeps it', async () => {
      const url = await kind.freshUrl();
      const store = await kind.open({ url });
      const session = await store.beginImport();
      await session.upsert(BOOK);
      await session.commit();
      await store.close();
      const exported = await runCli(['export'], { DATABASE_URL: url });
      assert.equal(exported.code, 0, exported.stderr);
      const lines = exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as CustomerRecord);
      assert.deepEqual(lines, BOOK);
      assert.deepEqual(
        lines.filter((r) => r.source === 'inbound').map((r) => r.customer_id),
        ['b2', 'd4', 'e5'],
      );
      const copy = await kind.freshUrl();
      const imported = await runCli(
        ['import', '--format', 'ndjson', '-'],
        { DATABASE_URL: copy },
        exported.stdout,
      );
      assert.equal(imported.code, 0, imported.stderr);
      const again = await runCli(['export'], { DATABASE_URL: copy });
      assert.equal(again.stdout, exported.stdout);
    });
  });
}

describe('directory API: source in the OpenAPI document', () => {
  it('describes source on the record and as a list filter', async () => {
    const h = await harness();
    try {
      const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      const list = doc.paths['/api/v1/customers'].get;
      const filter = list.parameters.find((p: { name: string }) => p.name === 'source');
      assert.ok(filter, 'the list takes ?source=');
      assert.equal(filter.in, 'query');
      const text = JSON.stringify(doc.paths['/api/v1/customers/{customer_id}'].put);
      assert.match(text, /"source"/);
      assert.match(text, /"inbound"/);
    } finally {
      await h.close();
    }
  });
});

if (STORES.some((kind) => kind.name === 'postgres'))
  describe('PostgreSQL: the source filter reads only its partial index', () => {
    it('plans customers_inbound, whatever the size of the rest of the book', async () => {
      const db = await createTestDatabase();
      try {
        const url = await db.freshSchemaUrl();
        const kind = STORES.find((k) => k.name === 'postgres');
        const store = await kind?.open({ url });
        const session = await store?.beginImport();
        const many = Array.from({ length: 5000 }, (_, i) =>
          customer(`k${String(i).padStart(5, '0')}`, `K ${i}`),
        );
        await session?.upsert([...many, inbound('z1')]);
        await session?.commit();
        await store?.close();
        const schema = new URL(url).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1] ?? '';
        await db.admin(`SET search_path = ${schema}, public`);
        await db.admin('ANALYZE customers');
        const { rows } = await db.admin(`EXPLAIN (COSTS OFF) ${INBOUND_PAGE}`, ['', 10]);
        const plan = rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join(' | ');
        assert.match(plan, /Index Scan using customers_inbound on customers/);
      } finally {
        await db.drop();
      }
    });
  });
