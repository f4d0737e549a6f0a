// What Frontline sees when PostgreSQL is stopped, slow or cut off, and that the service comes back by itself: a JSON
// 503 well inside Frontline's 6-second budget, /healthz saying so, then 200s again with no restart. These tests stop
// and start a server of their own, so that other test files keep theirs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, bigBook } from '../support/book.ts';
import { type Cluster, findPostgresBin, INSTALL_COMMAND, startCluster } from '../support/postgres-cluster.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';
import { startProxy } from '../support/postgres-proxy.ts';
import { POSTGRES } from '../support/stores.ts';

const BOOK = bigBook(100, [ALICE, BOB]);
const LIST = { Location: 'GetCustomersList', Worker: ALICE, PageSize: '5' };
const UNAVAILABLE = {
  error: { code: 'store_unavailable', message: 'The customer directory is unavailable; try again shortly' },
};
const skip =
  findPostgresBin() === null
    ? `needs PostgreSQL's initdb and pg_ctl to stop and restart a server of its own (${INSTALL_COMMAND})`
    : false;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await work();
  return [result, Date.now() - started];
}

const health = (h: Harness) => h.app.inject({ method: 'GET', url: '/healthz' });

describe('PostgreSQL outages', { skip }, () => {
  let cluster: Cluster;
  let db: TestDatabase;
  let url: string;
  let h: Harness;
  before(async () => {
    cluster = await startCluster();
    db = await createTestDatabase(cluster.url);
    url = await db.freshSchemaUrl();
    h = await harness(BOOK, {}, { store: POSTGRES, url });
  });
  after(async () => {
    await h?.close();
    await db?.drop();
    cluster?.destroy();
  });

  test('a stopped server: 503 at once, healthz 503, and served again once it is back, without a restart', async () => {
    // Several pooled connections sit idle when the server goes: their 'error' events must not crash the process.
    const warm = await Promise.all(Array.from({ length: 4 }, () => h.crm(LIST)));
    assert.deepEqual(
      warm.map((response) => response.statusCode),
      [200, 200, 200, 200],
    );
    const token = warm[0]?.json().objects.next_page_token as string;
    cluster.stop();

    const [down, elapsed] = await timed(() => h.crm(LIST));
    assert.equal(down.statusCode, 503, down.body);
    assert.deepEqual(down.json(), UNAVAILABLE);
    assert.ok(elapsed < 3000, `answered in ${elapsed} ms`);
    const details = await h.crm({
      Location: 'GetCustomerDetailsByCustomerId',
      Worker: ALICE,
      CustomerId: 'id-00000',
    });
    assert.equal(details.statusCode, 503);
    assert.equal((await health(h)).statusCode, 503);

    cluster.start();
    const back = await h.crm({ ...LIST, NextPageToken: token });
    assert.equal(back.statusCode, 200, back.body);
    assert.deepEqual(
      back.json().objects.customers.map((c: { customer_id: string }) => c.customer_id),
      (await h.crm({ ...LIST, PageSize: '10' }))
        .json()
        .objects.customers.slice(5)
        .map((c: { customer_id: string }) => c.customer_id),
      'a token issued before the outage continues where it was',
    );
    assert.equal((await health(h)).statusCode, 200);
  });

  test('a slow server: 503 once the statement timeout (2.5 s) passes, then 200 again', async () => {
    const schema = new URL(url).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1];
    await db.admin(`BEGIN; LOCK TABLE ${schema}.customers IN ACCESS EXCLUSIVE MODE`);
    try {
      const [slow, elapsed] = await timed(() => h.crm(LIST));
      assert.equal(slow.statusCode, 503, slow.body);
      assert.deepEqual(slow.json(), UNAVAILABLE);
      assert.ok(elapsed >= 2000 && elapsed < 4000, `answered in ${elapsed} ms`);
    } finally {
      await db.admin('ROLLBACK');
    }
    assert.equal((await h.crm(LIST)).statusCode, 200);
  });

  test('a server cut off by the network (no refusal, no reset): 503 within the time limits, then 200 again', async () => {
    const proxy = await startProxy(url);
    const cut = await harness([], {}, { store: POSTGRES, url: proxy.url });
    try {
      assert.equal((await cut.crm(LIST)).statusCode, 200);
      proxy.freeze();
      // The pooled connection's query gets no answer: the client-side limit (statement timeout + 250 ms) ends it.
      const [pooled, first] = await timed(() => cut.crm(LIST));
      assert.equal(pooled.statusCode, 503, pooled.body);
      assert.ok(first < 4000, `answered in ${first} ms`);
      // A new connection gets no handshake: PG_CONNECT_TIMEOUT_MS (2 s) ends it.
      const [probe, second] = await timed(() => health(cut));
      assert.equal(probe.statusCode, 503);
      assert.ok(second < 4000, `answered in ${second} ms`);
      proxy.thaw();
      assert.equal((await cut.crm(LIST)).statusCode, 200);
      assert.equal((await health(cut)).statusCode, 200);
    } finally {
      proxy.thaw();
      await cut.close();
      await proxy.close();
    }
  });
  test('an outage is logged once when it begins and once when it ends, with the count of refused requests', async () => {
    const watched = await harness([], {}, { store: POSTGRES, url });
    try {
      assert.equal((await watched.crm(LIST)).statusCode, 200);
      cluster.stop();
      for (let i = 0; i < 20; i++) assert.equal((await watched.crm(LIST)).statusCode, 503);
      cluster.start();
      assert.equal((await watched.crm(LIST)).statusCode, 200);
      const lines = watched.logEntries();
      const began = lines.filter((line) => String(line.msg).startsWith('customer store unavailable'));
      assert.equal(began.length, 1, 'one line when it begins (the refused requests themselves at debug)');
      assert.equal(began[0]?.level, 50);
      assert.equal(typeof began[0]?.cause, 'string');
      const ended = lines.filter((line) => line.msg === 'customer store answers again');
      assert.equal(ended.length, 1);
      assert.equal(ended[0]?.refused, 20);
      assert.equal(lines.filter((line) => line.level === 50).length, 1, 'no other error line');
      // Each request still has its own request line, with its status.
      assert.equal(lines.filter((line) => line.msg === 'request' && line.status === 503).length, 20);
    } finally {
      await watched.close();
    }
  });
});
