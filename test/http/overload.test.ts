// Overload is answered, not queued. In this process, so the test can be the load: the event loop blocked by the
// test itself (a loop that stays late, and requests that wait in the socket while it is blocked), and a small
// PostgreSQL pool held by a locked table. Each time: 503 overloaded with Retry-After at once for what is over the
// limit, /healthz still 200, and the requests admitted answered 200.
import assert from 'node:assert/strict';
import { type AddressInfo, connect, createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { pageTokens } from '../../src/directory/page-token.ts';
import { openPostgresStore } from '../../src/stores/postgres/postgres-store.ts';
import { AUTH_TOKEN, CRM_URL, form, type Harness, harness, signature } from '../support/app-harness.ts';
import { ALICE, BOOK } from '../support/book.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';
import { openRaw, parseResponse } from '../support/raw-http.ts';
import { STORES } from '../support/stores.ts';

const LIST = { Location: 'GetCustomersList', Worker: ALICE };

/** Keeps this thread busy for `ms`: what a slow synchronous query does to the event loop. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

const expectOverloaded = (response: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}) => {
  assert.equal(response.statusCode, 503, response.body);
  assert.equal(JSON.parse(response.body).error.code, 'overloaded');
  assert.equal(response.headers['retry-after'], '5');
};

describe('overload: an event loop that stays late', () => {
  let h: Harness;
  before(async () => {
    h = await harness(BOOK, { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '100', OVERLOAD_MAX_QUEUE_WAIT_MS: '0' });
  });
  after(() => h.close());

  test('callbacks and the API get 503 overloaded with Retry-After; /healthz answers 200; then served again', async () => {
    assert.equal((await h.crm(LIST)).statusCode, 200);
    // Several long turns in a row, with the loop clock ticking between them.
    for (let turn = 0; turn < 4; turn++) {
      block(300);
      await sleep(1);
    }
    expectOverloaded(await h.crm(LIST));
    expectOverloaded(await h.app.inject({ method: 'GET', url: '/api/v1/customers' }));
    const health = await h.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    // Once the loop keeps time again, requests are served.
    let again = await h.crm(LIST);
    while (again.statusCode === 503) {
      await sleep(50);
      again = await h.crm(LIST);
    }
    assert.equal(again.statusCode, 200);
    // One line when shedding began, one when it ended with the count; the requests themselves at debug only.
    await sleep(1200);
    const lines = h.logEntries();
    const began = lines.filter(
      (entry) => entry.msg === 'overloaded: answering 503 overloaded to new requests',
    );
    assert.equal(began.length, 1);
    assert.equal(began[0]?.level, 50);
    const ended = lines.filter((entry) => entry.msg === 'overload over');
    assert.equal(ended.length, 1);
    assert.ok((ended[0]?.refused as number) >= 2);
  });
});

describe('overload: requests that waited in the socket while the loop was blocked', () => {
  let h: Harness;
  let port: number;
  before(async () => {
    h = await harness(BOOK, { OVERLOAD_MAX_QUEUE_WAIT_MS: '100', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as AddressInfo).port;
  });
  after(() => h.close());

  test('answered 503 at once rather than worked on; /healthz among them answers 200', async () => {
    const body = form(LIST);
    const crm =
      `POST /callbacks/crm HTTP/1.1\r\nHost: localhost:80\r\nConnection: close\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: ${signature(CRM_URL, LIST)}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const fresh = await openRaw(port);
    fresh.socket.write(crm);
    assert.equal(parseResponse(await fresh.received).status, 200);

    // A socket whose data costs 400 ms of this thread, as a slow synchronous query does. Its bytes are written first,
    // so the next poll of the loop reads it first, and the requests behind it wait in their sockets meanwhile.
    const slow = createServer((socket) => socket.on('data', () => block(400)));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const blocker = connect((slow.address() as AddressInfo).port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('connect', resolve));
    const sockets = await Promise.all(Array.from({ length: 5 }, () => openRaw(port)));
    const health = await openRaw(port);
    // Accepted by the server and reading before anything is sent.
    await sleep(100);
    blocker.write('x');
    for (const { socket } of sockets) socket.write(crm);
    health.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const answers = await Promise.all(sockets.map(async ({ received }) => parseResponse(await received)));
    blocker.destroy();
    slow.close();
    for (const answer of answers) {
      assert.equal(answer.status, 503, answer.body);
      assert.equal(JSON.parse(answer.body).error.code, 'overloaded');
      assert.equal(answer.headers['retry-after'], '5');
    }
    assert.equal(parseResponse(await health.received).status, 200);
  });
});

// PostgreSQL's pool: two connections held by statements waiting on a locked table, two calls allowed to wait.
describe('overload: a saturated PostgreSQL pool', {
  skip: !STORES.some((s) => s.name === 'postgres'),
}, () => {
  let db: TestDatabase;
  let schema: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let close: () => Promise<void>;
  before(async () => {
    db = await createTestDatabase();
    const url = await db.freshSchemaUrl();
    schema = /search_path=(\w+)/.exec(decodeURIComponent(url))?.[1] ?? '';
    const store = await openPostgresStore(url, {
      poolSize: 2,
      maxWaiting: 2,
      statementTimeoutMs: 20_000,
      connectTimeoutMs: 20_000,
    });
    const session = await store.beginImport();
    await session.upsert(BOOK);
    await session.commit();
    const config = loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, DATABASE_URL: url });
    app = await buildApp(config, {
      store,
      tokens: pageTokens(AUTH_TOKEN),
      logger: pino({ level: 'silent' }),
    });
    await app.ready();
    close = async () => {
      await app.close();
      await store.close();
    };
  });
  after(async () => {
    await close?.();
    await db?.drop();
  });

  const crm = () =>
    app.inject({
      method: 'POST',
      url: '/callbacks/crm',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature(CRM_URL, LIST),
      },
      payload: form(LIST),
    });

  test('the overflow gets 503 overloaded at once, the admitted ones 200 when the pool frees', async () => {
    assert.equal((await crm()).statusCode, 200);
    await db.admin(`BEGIN; LOCK TABLE ${schema}.customers IN ACCESS EXCLUSIVE MODE`);
    const settled: Awaited<ReturnType<typeof crm>>[] = [];
    let locked = true;
    try {
      const all = Array.from({ length: 8 }, () =>
        crm().then((response) => {
          settled.push(response);
          return response;
        }),
      );
      // Two run (held by the lock), two wait for a connection, four are refused without waiting.
      while (settled.length < 4) await sleep(10);
      assert.equal(settled.length, 4);
      for (const response of settled) expectOverloaded(response);
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200, health.body);
      assert.deepEqual(health.json(), { status: 'ok', busy: true });
      await db.admin('ROLLBACK');
      locked = false;
      const statuses = (await Promise.all(all)).map((response) => response.statusCode).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 503, 503, 503, 503]);
    } finally {
      if (locked) await db.admin('ROLLBACK');
    }
  });
});
