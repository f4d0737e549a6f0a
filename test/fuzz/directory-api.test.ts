// Property-based fuzzing of every directory API route (fast-check), on each store of test/support/stores.ts:
// sequences of GET, PUT, PATCH and DELETE of /api/v1/customers/:customer_id, the list with its cursors, and POST
// /api/v1/imports with NDJSON bodies, with any customer_id in the path (percent-encoded unicode, undecodable
// escapes), any JSON body (records with fields of the wrong type, numbers where strings go, nested JSON, repeated
// and prototype keys, bodies that are no JSON), any condition header, any key (writer, read-only, none, garbage).
// Properties: every answer is JSON (or an empty 204/304); an error has a code of the catalogue with its status;
// never a 5xx (the store is up and nothing else writes); a write that fails leaves the book exactly as it was; a
// write that succeeds is what GET answers next, with the same ETag.
//
// Deterministic: FUZZ_SEED (default 17) and FUZZ_RUNS (runs per property) as test/support/fuzz.ts says; a failure
// prints the seed, the path and the shrunk sequence.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { customer } from '../support/customer.ts';
import {
  anyText,
  assertDocumentedAnswer,
  fuzzParameters,
  percentEncoded,
  rawGarbage,
} from '../support/fuzz.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const WRITER = 'crm-sync';
const READER = 'reporting';
const ALICE = 'alice@example.com';
const BOOK: CustomerRecord[] = [
  customer('c1', 'Anna Smith', [ALICE], { channels: [{ type: 'sms', value: '+12125550101' }] }),
  customer('c2', 'Bruno Díaz', ['bob@example.com'], {
    channels: [{ type: 'email', value: 'bruno@acme.io' }],
    details: { title: 'Notes', content: 'Two\nlines' },
  }),
  customer('c3', 'Zoë', []),
];

const ids = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'C1', 'c1 ') },
  { weight: 2, arbitrary: anyText.filter((text) => text !== '') },
);
const pathOf = fc.oneof(
  { weight: 6, arbitrary: ids.map((id) => `/api/v1/customers/${percentEncoded(id)}`) },
  { weight: 1, arbitrary: rawGarbage.map((raw) => `/api/v1/customers/c${raw}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/api/v1/customers/', '/api/v1/customers/a/b', '/api/v1/customers/..'),
  },
);

const anyJson = fc.jsonValue({ maxDepth: 3 });
/** A value for a record field: a plausible one, or any JSON (a number where a string goes, an object, null). */
const fieldOf = (plausible: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: plausible },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: anyText },
  );
const recordLike = fc.record(
  {
    customer_id: fieldOf(ids),
    display_name: fieldOf(fc.constantFrom('Anna Smith', ' Zoë  Martin ', 'A'.repeat(201))),
    avatar: fieldOf(fc.constantFrom('https://img.example.com/a.png', 'http://x', 'javascript:alert(1)')),
    channels: fieldOf(
      fc.array(
        fc.record({
          type: fieldOf(fc.constantFrom('sms', 'whatsapp', 'email', 'chat', 'fax')),
          value: fieldOf(
            fc.constantFrom('+12125550101', '(212) 555-0199', 'whatsapp:+447700900123', 'a@b.io', '12'),
          ),
        }),
        { maxLength: 3 },
      ),
    ),
    links: fieldOf(
      fc.array(
        fc.record({
          type: fieldOf(fc.constant('CRM')),
          value: fieldOf(fc.constantFrom('https://crm.example.com/1', 'mailto:a@b.io', 'ftp://x')),
          display_name: fieldOf(fc.constant('Open')),
        }),
        { maxLength: 2 },
      ),
    ),
    details: fieldOf(fc.record({ title: fieldOf(fc.constant('Notes')), content: fieldOf(anyText) })),
    workers: fieldOf(
      fc.array(fieldOf(fc.constantFrom(ALICE, 'BOB@example.com', ' carol ')), { maxLength: 3 }),
    ),
    worker: fieldOf(fc.constant(ALICE)),
    deleted: fieldOf(fc.boolean()),
  },
  { requiredKeys: [] },
);
/** A record the import's rules accept, with this customer_id or none (the path's). */
const validRecord = (id: string) =>
  fc.record(
    {
      customer_id: fc.constant(id),
      display_name: fc.constantFrom('Anna Smith', ' Zoë  Martin ', 'Ölaf', 'x'),
      channels: fc.subarray([
        { type: 'sms', value: '(212) 555-0199' },
        { type: 'email', value: 'ann@acme.io' },
        { type: 'whatsapp', value: 'whatsapp:+447700900123' },
      ]),
      details: fc.record({ title: fc.constant('Notes'), content: anyText }),
      workers: fc.subarray([ALICE, 'BOB@example.com', ' carol ', 'ALICE@example.com']),
    },
    { requiredKeys: ['display_name'] },
  );
const validIds = fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'ü-1');

/** A body as text: a record-like object, any JSON, repeated or prototype keys, or no JSON at all. */
const jsonBody = fc.oneof(
  { weight: 6, arbitrary: recordLike.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"display_name":"A","display_name":"B","workers":[]}',
      '{"__proto__":{"workers":["x"]},"display_name":"A"}',
      '{"constructor":{"prototype":{"x":1}},"display_name":"A"}',
      '{"display_name":"A","workers":[]} trailing',
      '{"display_name":"\\ud800","workers":[]}',
      `${'['.repeat(2000)}${']'.repeat(2000)}`,
      '',
      '   ',
      'null',
    ),
  },
  { weight: 1, arbitrary: anyText },
);
const ndjsonLine = fc.oneof(
  {
    weight: 4,
    arbitrary: validIds
      .chain((id) => validRecord(id))
      .map((value) => JSON.stringify({ customer_id: 'c9', ...value })),
  },
  { weight: 4, arbitrary: recordLike.map((value) => JSON.stringify(value)) },
  {
    weight: 1,
    arbitrary: ids.map((id) => JSON.stringify({ customer_id: id, deleted: true })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      anyJson.map((v) => JSON.stringify(v)),
      anyText,
      fc.constant(''),
    ),
  },
);
const ndjsonBody = fc
  .tuple(fc.array(ndjsonLine, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, end, last]) => lines.join(end) + (last ? end : ''));
const importQuery = fc.oneof(
  fc.constantFrom(
    '',
    '?skip_invalid=true',
    '?dry_run=true',
    '?mode=replace&force=true&skip_invalid=true',
    '?mode=replace',
  ),
  fc
    .subarray([
      'mode=replace',
      'mode=upsert',
      'mode=merge',
      'skip_invalid=true',
      'skip_invalid=yes',
      'dry_run=true',
      'force=true',
      'max_remove=50%',
      'max_remove=1',
      'max_remove=-1',
      'other=1',
    ])
    .map((parts) => (parts.length === 0 ? '' : `?${parts.join('&')}`)),
);

const headerText = fc
  .string({ unit: 'binary-ascii', maxLength: 30 })
  .map((text) => text.replace(/[^\x20-\x7e]/g, ''));
const condition = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('*', '"etag"', 'W/"etag"', '"a", "b"', '', ',', '"') },
  { weight: 1, arbitrary: headerText },
);
const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constant(WRITER) },
  { weight: 1, arbitrary: fc.constantFrom(READER, 'none', 'Bearer fl_nope', 'Basic abc', 'Bearer') },
);
const contentType = (usual: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(usual) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-ndjson', ''),
    },
  );

type Request = {
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  url: string;
  body?: string;
  type?: string;
  auth: string;
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
};

const listUrl = fc
  .record(
    {
      limit: fc.constantFrom('1', '2', '1000', '1001', '0', '-1', '1.5', 'x', ''),
      after: fc.oneof(
        ids.map((id) => Buffer.from(id, 'utf8').toString('base64url')),
        headerText,
      ),
      worker: fc.oneof(fc.constantFrom(ALICE, 'ALICE@EXAMPLE.COM', ''), anyText),
    },
    { requiredKeys: [] },
  )
  .map((query) => {
    const parts = Object.entries(query).map(([name, value]) => `${name}=${percentEncoded(value)}`);
    return `/api/v1/customers${parts.length === 0 ? '' : `?${parts.join('&')}`}`;
  });

/** A PUT or PATCH that should succeed (with its key and a body of the path's id), unless a condition says no. */
const goodWrite = fc
  .tuple(validIds, fc.constantFrom('PUT' as const, 'PATCH' as const), fc.boolean())
  .chain(([id, method, ifMatchStar]) =>
    validRecord(id).map(
      (record): Request => ({
        method,
        url: `/api/v1/customers/${percentEncoded(id)}`,
        body: JSON.stringify(record),
        type: method === 'PUT' ? 'application/json' : 'application/merge-patch+json',
        auth: WRITER,
        ifMatch: ifMatchStar ? '*' : undefined,
      }),
    ),
  );

const request: fc.Arbitrary<Request> = fc.oneof(
  goodWrite,
  goodWrite,
  fc.record({
    method: fc.constant('GET' as const),
    url: pathOf,
    auth: authorization,
    ifNoneMatch: condition,
  }),
  fc.record({
    method: fc.constant('PUT' as const),
    url: pathOf,
    body: jsonBody,
    type: contentType('application/json'),
    auth: authorization,
    ifMatch: condition,
    ifNoneMatch: condition,
  }),
  fc.record({
    method: fc.constant('PATCH' as const),
    url: pathOf,
    body: jsonBody,
    type: contentType('application/merge-patch+json'),
    auth: authorization,
    ifMatch: condition,
  }),
  fc.record({ method: fc.constant('DELETE' as const), url: pathOf, auth: authorization, ifMatch: condition }),
  fc.record({ method: fc.constant('GET' as const), url: listUrl, auth: authorization }),
  fc.record({
    method: fc.constant('POST' as const),
    url: importQuery.map((query) => `/api/v1/imports${query}`),
    body: ndjsonBody,
    type: contentType('application/x-ndjson'),
    auth: authorization,
  }),
);

function describeApiFuzz(store: TestStore): void {
  describe(`fuzz: every directory API route (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(
        [],
        { DEFAULT_COUNTRY: 'US' },
        {
          store,
          apiKeys: { [WRITER]: { readOnly: false }, [READER]: { readOnly: true } },
          writeWaitMs: 300,
        },
      );
    });
    after(async () => h?.close());

    const send = (r: Request): Promise<LightMyRequestResponse> => {
      const auth = r.auth === WRITER || r.auth === READER ? `Bearer ${h.keys[r.auth]}` : r.auth;
      const headers: Record<string, string> = {};
      if (auth !== 'none') headers.authorization = auth;
      if (r.type !== undefined && r.type !== '') headers['content-type'] = r.type;
      if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
      if (r.ifNoneMatch !== undefined) headers['if-none-match'] = r.ifNoneMatch;
      return h.app.inject({
        method: r.method,
        url: r.url,
        headers,
        ...(r.body === undefined ? {} : { payload: r.body }),
      });
    };

    /** The whole book as the API lists it: what a failed write must leave as it was. */
    const book = async () => {
      const response = await send({ method: 'GET', url: '/api/v1/customers?limit=1000', auth: WRITER });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { customers: CustomerRecord[] };
    };

    it('any request: a documented JSON answer; a failed write changes nothing; a good one is what GET reads', async (t: TestContext) => {
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 5 }), async (requests) => {
          const ids = new Set(BOOK.map((c) => c.customer_id));
          const session = await h.store.beginImport();
          await session.upsert(BOOK);
          await session.removeExcept((id) => ids.has(id));
          await session.commit();
          for (const r of requests) {
            const before = await book();
            const response = await send(r);
            const body = assertDocumentedAnswer(response, []) as {
              error?: { code: string };
              committed?: boolean;
            };
            const outcome = `${r.method} ${response.statusCode}${body?.error ? ` ${body.error.code}` : ''}`;
            seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
            const wrote =
              (r.method === 'PUT' || r.method === 'PATCH' || r.method === 'DELETE' || r.method === 'POST') &&
              response.statusCode < 300 &&
              !(r.method === 'POST' && body?.committed === false);
            if (!wrote) {
              assert.deepEqual(
                await book(),
                before,
                `${r.method} ${r.url} ${response.statusCode} changed the book`,
              );
              continue;
            }
            if (r.method === 'PUT' || r.method === 'PATCH') {
              const read = await send({
                method: 'GET',
                url: String(response.headers.location ?? r.url),
                auth: WRITER,
              });
              assert.equal(read.statusCode, 200, read.body);
              assert.deepEqual(read.json(), response.json());
              assert.equal(read.headers.etag, response.headers.etag);
            } else if (r.method === 'DELETE') {
              const read = await send({ method: 'GET', url: r.url, auth: WRITER });
              assert.equal(read.statusCode, 404, read.body);
            }
          }
        }),
        fuzzParameters(40),
      );
      t.diagnostic([...seen].map(([outcome, count]) => `${outcome}: ${count}`).join(', '));
    });
  });
}

for (const store of STORES) describeApiFuzz(store);
