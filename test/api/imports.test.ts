// POST /api/v1/imports over HTTP (app.inject on the real app and a real store, each store of test/support/stores.ts;
// a real socket for a client that goes away mid-body): every status, replace with its removal limit, skip_invalid,
// dry_run, deletion lines, the log line, and what the CRM callback sees after a 200.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { customer } from '../support/customer.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const WRITER = 'crm-sync';
const READER = 'reporting';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const API_KEYS = { [WRITER]: { readOnly: false }, [READER]: { readOnly: true } };
const MAX_BYTES = 64 * 1024;

const book = Array.from({ length: 20 }, (_, i) =>
  customer(`k${String(i).padStart(2, '0')}`, `Person ${i}`, [ALICE]),
);
const gone = (id: string) => ({ customer_id: id, deleted: true });
const ndjson = (lines: readonly object[]) => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;

interface Answer {
  committed: boolean;
  upserted: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  removed: number;
  invalid: { line: number; reason: string }[];
  invalid_count: number;
  error?: { code: string; message: string };
}

function post(
  h: Harness,
  query: string,
  payload: string | Buffer | Readable,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: 'POST',
    url: `/api/v1/imports${query}`,
    headers: {
      authorization: `Bearer ${h.keys[WRITER]}`,
      'content-type': 'application/x-ndjson',
      ...headers,
    },
    payload,
  });
}

const answer = (response: LightMyRequestResponse) => response.json() as Answer;
const errorCode = (response: LightMyRequestResponse) => answer(response).error?.code;

async function ids(h: Harness): Promise<string[]> {
  const all: string[] = [];
  for await (const record of h.store.exportAll()) all.push(record.customer_id);
  return all;
}

async function listedBy(h: Harness, worker: string): Promise<string[]> {
  const response = await h.crm({ Location: 'GetCustomersList', Worker: worker, PageSize: '50' });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { objects: { customers: { customer_id: string }[] } }).objects.customers.map(
    (c) => c.customer_id,
  );
}

function describeImports(adapter: TestStore): void {
  describe(`directory API: imports (${adapter.name})`, () => {
    const opened: Harness[] = [];
    after(async () => {
      for (const h of opened.splice(0)) await h.close();
    });
    async function app(records: readonly CustomerRecord[] = book): Promise<Harness> {
      const h = await harness(
        records,
        { DEFAULT_COUNTRY: 'US', API_IMPORT_MAX_BYTES: String(MAX_BYTES) },
        { store: adapter, apiKeys: API_KEYS, writeWaitMs: 300 },
      );
      opened.push(h);
      return h;
    }

    it('upserts records and deletes by deletion lines in one 200, which the CRM callback sees next', async () => {
      const h = await app();
      const lines = [
        customer('k00', 'Person 0', [BOB]),
        customer('new', 'Newcomer', [ALICE], { channels: [{ type: 'sms', value: '(212) 555-0101' }] }),
        ...book.slice(1, 3),
        gone('k03'),
        gone('nobody'),
      ];
      const response = await post(h, '', ndjson(lines));
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(answer(response), {
        committed: true,
        upserted: 4,
        added: 1,
        updated: 1,
        unchanged: 2,
        deleted: 1,
        removed: 0,
        invalid: [],
        invalid_count: 0,
      });
      assert.deepEqual((await h.store.getRecord('new'))?.record.channels, [
        { type: 'sms', value: '+12125550101' },
      ]);
      const alices = await listedBy(h, ALICE);
      assert.ok(alices.includes('new'));
      assert.ok(!alices.includes('k00') && !alices.includes('k03'));
      assert.deepEqual(await listedBy(h, BOB), ['k00']);
      const details = await h.crm({
        Location: 'GetCustomerDetailsByCustomerId',
        Worker: ALICE,
        CustomerId: 'k03',
      });
      assert.equal(details.statusCode, 404);
    });

    it('by default answers 422 with every invalid line (at most 100 listed) and writes nothing', async () => {
      const h = await app();
      const bad = Array.from({ length: 150 }, (_, i) =>
        customer(`bad${i}`, 'Bad', [], { channels: [{ type: 'sms', value: '555-01' }] }),
      );
      const response = await post(h, '', ndjson([gone('k00'), customer('ok', 'Fine', []), ...bad]));
      assert.equal(response.statusCode, 422, response.body);
      const body = answer(response);
      assert.equal(body.error?.code, 'invalid_lines');
      assert.equal(body.committed, false);
      assert.equal(body.invalid_count, 150);
      assert.equal(body.invalid.length, 100);
      assert.deepEqual(body.invalid[0], {
        line: 3,
        reason: 'channels[0].value: "555-01" is not a phone number',
      });
      assert.deepEqual(
        await ids(h),
        book.map((r) => r.customer_id),
      );
      // The log has the one line of the write, never what the lines held nor why they were refused.
      const writes = h.logEntries().filter((entry) => entry.msg === 'directory write');
      assert.deepEqual(
        writes.map((entry) => [entry.key, entry.operation, entry.customers, entry.status]),
        [['crm-sync', 'import', 0, 422]],
      );
      assert.ok(!h.logs.join('\n').includes('555-01'));
    });

    it('with skip_invalid writes the valid lines and lists the others', async () => {
      const h = await app();
      const response = await post(
        h,
        '?skip_invalid=true',
        ndjson([gone('k00'), { customer_id: 'x' }, book[1] ?? {}]),
      );
      assert.equal(response.statusCode, 200, response.body);
      const body = answer(response);
      assert.equal(body.committed, true);
      assert.equal(body.deleted, 1);
      assert.equal(body.unchanged, 1);
      assert.deepEqual(
        body.invalid.map((entry) => entry.line),
        [2],
      );
      assert.equal(await h.store.count(), 19);
      const writes = h.logEntries().filter((entry) => entry.msg === 'directory write');
      assert.deepEqual(
        writes.map((entry) => [entry.customers, entry.status]),
        [[2, 200]],
      );
    });

    it('mode=replace makes the book exactly the body, within its removal limit unless force', async () => {
      const h = await app();
      const truncated = ndjson(book.slice(0, 17));
      const refused = await post(h, '?mode=replace', truncated);
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(errorCode(refused), 'removal_limit');
      assert.equal(answer(refused).removed, 3);
      assert.equal(await h.store.count(), 20);
      const allowed = await post(h, '?mode=replace&max_remove=3', truncated);
      assert.equal(allowed.statusCode, 200, allowed.body);
      assert.equal(await h.store.count(), 17);
      const forced = await post(h, '?mode=replace&force=true', ndjson([...book.slice(0, 1), gone('k01')]));
      assert.equal(forced.statusCode, 200, forced.body);
      assert.equal(answer(forced).deleted, 1);
      assert.equal(answer(forced).removed, 15);
      assert.deepEqual(await ids(h), ['k00']);
    });

    it('dry_run answers what it would do and writes nothing', async () => {
      const h = await app();
      const response = await post(h, '?dry_run=true&mode=replace&force=true', ndjson([gone('k00')]));
      assert.equal(response.statusCode, 200, response.body);
      const body = answer(response);
      assert.equal(body.committed, false);
      assert.equal(body.deleted, 1);
      assert.equal(body.removed, 19);
      assert.equal(await h.store.count(), 20);
    });

    it('answers 400 to a bad query, 401 without a key, 403 to a read-only key, 415 to another type', async () => {
      const h = await app();
      const body = ndjson([gone('k00')]);
      for (const query of [
        '?mode=purge',
        '?force=true',
        '?mode=replace&max_remove=lots',
        '?skipInvalid=true',
      ]) {
        const response = await post(h, query, body);
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
        assert.equal(errorCode(response), 'bad_request');
      }
      assert.equal((await post(h, '', body, { authorization: 'Bearer nope' })).statusCode, 401);
      const reader = await post(h, '', body, { authorization: `Bearer ${h.keys[READER]}` });
      assert.equal(reader.statusCode, 403);
      assert.equal(errorCode(reader), 'forbidden');
      for (const type of ['text/plain', 'application/json']) {
        const response = await post(h, '', body, { 'content-type': type });
        assert.equal(response.statusCode, 415, `${type}: ${response.body}`);
        assert.equal(errorCode(response), 'unsupported_media_type');
      }
      assert.equal(await h.store.count(), 20);
    });

    it('answers 413 past API_IMPORT_MAX_BYTES, by Content-Length or by counting a chunked body', async () => {
      const h = await app();
      const many = Array.from({ length: 1000 }, (_, i) =>
        customer(`m${i}`, `Many ${i} ${'x'.repeat(60)}`, []),
      );
      const text = ndjson(many);
      assert.ok(Buffer.byteLength(text) > MAX_BYTES);
      const declared = await post(h, '', text);
      assert.equal(declared.statusCode, 413, declared.body);
      assert.equal(errorCode(declared), 'payload_too_large');
      const counted = await post(h, '', Readable.from(many.map((record) => `${JSON.stringify(record)}\n`)));
      assert.equal(counted.statusCode, 413, counted.body);
      assert.equal(errorCode(counted), 'payload_too_large');
      assert.equal(await h.store.count(), 20);
    });

    it('answers 400 to a body that is not UTF-8, writing nothing', async () => {
      const h = await app();
      const broken = await post(
        h,
        '',
        Buffer.concat([Buffer.from(ndjson([gone('k00')])), Buffer.from([0xff, 0x0a])]),
      );
      assert.equal(broken.statusCode, 400, broken.body);
      assert.match(
        answer(broken).error?.message ?? '',
        /^the body line 2, byte 1: not valid UTF-8: nothing was written$/,
      );
      assert.equal(await h.store.count(), 20);
    });

    it('answers 503 store_busy with Retry-After while another import holds the store', async () => {
      const h = await app();
      const session = await h.store.beginImport();
      try {
        const busy = await post(h, '', ndjson([gone('k00')]));
        assert.equal(busy.statusCode, 503, busy.body);
        assert.equal(errorCode(busy), 'store_busy');
        assert.equal(busy.headers['retry-after'], '5');
      } finally {
        await session.rollback();
      }
      assert.equal(await h.store.count(), 20);
    });

    it('leaves the book as it was when the client goes away mid-body', async () => {
      const h = await app();
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = h.app.server.address() as AddressInfo;
      const request = httpRequest({
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/api/v1/imports',
        headers: { authorization: `Bearer ${h.keys[WRITER]}`, 'content-type': 'application/x-ndjson' },
      });
      request.on('error', () => {});
      // More than a batch, so that the import has written some of it inside its transaction.
      request.write(ndjson(book.map((record) => gone(record.customer_id))));
      request.write(ndjson(Array.from({ length: 1500 }, (_, i) => customer(`late${i}`, 'Late', [ALICE]))));
      await sleep(300);
      request.destroy();
      // The aborted import rolls back and lets go of the store: the next import gets it.
      for (let attempt = 0; ; attempt += 1) {
        const next = await post(h, '?dry_run=true', '');
        if (next.statusCode === 200) break;
        assert.ok(attempt < 20, next.body);
      }
      assert.deepEqual(
        await ids(h),
        book.map((r) => r.customer_id),
      );
    });

    it('is in the OpenAPI document with its query, its NDJSON body and its answers', async () => {
      const h = await app([]);
      const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
        paths: Record<
          string,
          Record<
            string,
            { parameters: { name: string }[]; requestBody: { content: object }; responses: object }
          >
        >;
      };
      const route = doc.paths['/api/v1/imports']?.post;
      assert.ok(route);
      assert.deepEqual(route.parameters.map((p) => p.name).sort(), [
        'dry_run',
        'force',
        'max_remove',
        'mode',
        'skip_invalid',
      ]);
      assert.deepEqual(Object.keys(route.requestBody.content), ['application/x-ndjson']);
      assert.deepEqual(Object.keys(route.responses).sort(), [
        '200',
        '400',
        '401',
        '403',
        '409',
        '413',
        '415',
        '422',
        '503',
      ]);
    });
  });
}

for (const adapter of STORES) describeImports(adapter);
