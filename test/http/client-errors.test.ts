// Errors raised before any route runs come back as our JSON error with a code, over a real socket: Fastify's own
// (a URL that does not decode) and the HTTP parser's (broken chunked body, bad Content-Length, headers too large),
// and a body shorter than its Content-Length is answered 408 within REQUEST_TIMEOUT_MS instead of being held open.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Harness, harness } from '../support/app-harness.ts';
import { BOOK } from '../support/book.ts';
import { type RawResponse, rawRequest } from '../support/raw-http.ts';

const expectError = (response: RawResponse, status: number, code: string) => {
  assert.equal(response.status, status, response.body);
  assert.match(response.headers['content-type'] ?? '', /^application\/json/);
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
};

describe("Fastify's and the HTTP parser's errors, in our JSON body", () => {
  let h: Harness;
  let port: number;
  before(async () => {
    h = await harness(BOOK, { REQUEST_TIMEOUT_MS: '500' }, { apiKeys: { writer: { readOnly: false } } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as AddressInfo).port;
  });
  after(() => h.close());

  const post = (headers: string, body: string) =>
    rawRequest(
      port,
      `POST /callbacks/crm HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n${headers}\r\n${body}`,
    );

  test('a URL that does not decode (/%ff): 400 bad_request', async () => {
    const response = await rawRequest(port, 'GET /%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expectError(response, 400, 'bad_request');
    assert.doesNotMatch(response.body, /FST_ERR/);
  });

  test('a malformed chunked body: 400 bad_request, connection closed', async () => {
    const response = await post('Transfer-Encoding: chunked\r\n', 'zz\r\nLocation=x\r\n0\r\n\r\n');
    expectError(response, 400, 'bad_request');
  });

  test('a Content-Length that is not a number: 400 bad_request', async () => {
    expectError(await post('Content-Length: ten\r\n', 'Location=x'), 400, 'bad_request');
  });

  test('headers too large: 431 header_too_large', async () => {
    expectError(
      await post(`X-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 0\r\n`, ''),
      431,
      'header_too_large',
    );
  });

  test('a body shorter than its Content-Length: 408 request_timeout, not held open', async () => {
    expectError(await post('Content-Length: 100\r\n', 'Location=GetCustomersList'), 408, 'request_timeout');
  });

  test('a directory API import streamed for longer than the deadline is read to its end and imported', async () => {
    // The deadline is the callbacks' (REQUEST_TIMEOUT_MS): a large NDJSON import may stream for minutes.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const upload = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/imports',
          headers: { authorization: `Bearer ${h.keys.writer}`, 'content-type': 'application/x-ndjson' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      upload.on('error', reject);
      upload.write(`${JSON.stringify({ customer_id: 'slow-1', display_name: 'Slow One' })}\n`);
      setTimeout(() => {
        upload.end(`${JSON.stringify({ customer_id: 'slow-2', display_name: 'Slow Two' })}\n`);
      }, 1200);
    });
    assert.equal(status, 200);
    assert.notEqual(await h.store.getRecord('slow-2'), null);
  });

  test('headers that never end: 408 request_timeout', async () => {
    expectError(
      await rawRequest(port, 'POST /callbacks/crm HTTP/1.1\r\nHost: x\r\n'),
      408,
      'request_timeout',
    );
  });

  test('each is logged once at warn with its code, never with the request', async () => {
    const lines = h.logEntries().filter((entry) => entry.level === 40);
    for (const code of ['bad_request', 'header_too_large', 'request_timeout'])
      assert.ok(
        lines.some((entry) => entry.code === code),
        `no warn line for ${code}`,
      );
    assert.ok(!h.logs.join('\n').includes('aaaaaaaa'));
  });
});
