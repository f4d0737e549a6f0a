// Fair turns (src/http/fair-turns.ts): a busy process still accepts new connections and answers them in their turn.
// A test build adds a route that keeps the thread busy for 20 ms, as a slow synchronous query does, and twelve
// connections keep it busy; then twelve new connections each send one request. libuv accepts one connection a turn
// of the loop, so without slices a turn serves every busy connection before the next accept, and the last new
// connection waits about twelve turns of twelve requests. With slices it is answered after a few dozen.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { pageTokens } from '../../src/directory/page-token.ts';
import { fairTurns } from '../../src/http/fair-turns.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { AUTH_TOKEN } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';

function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

describe('fairTurns', () => {
  test('runs at once while the slice lasts, then first come first served, with the time each waited', async () => {
    // A clock of the test's own: each request takes 6 ms of it, whatever the machine is doing.
    let now = 0;
    const turns = fairTurns(10, () => now);
    const ran: { name: string; queuedMs: number }[] = [];
    const done = new Promise<void>((resolve) => {
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        turns.admit((queuedMs) => {
          now += 6;
          ran.push({ name, queuedMs });
          if (ran.length === 5) resolve();
        });
      }
    });
    // a and b fit the first slice (0 and 6 ms into it); c, d and e wait.
    assert.deepEqual(
      ran.map((turn) => turn.name),
      ['a', 'b'],
    );
    assert.equal(turns.waiting, 3);
    await done;
    assert.deepEqual(
      ran.map((turn) => turn.name),
      ['a', 'b', 'c', 'd', 'e'],
    );
    // c and d share the next slice (from 12 ms); e waits for the one after it, 12 ms after it was queued.
    assert.deepEqual(
      ran.map((turn) => turn.queuedMs),
      [0, 0, 0, 6, 12],
    );
    assert.equal(turns.waiting, 0);
  });

  test('gives the loop back between slices: I/O callbacks run while requests wait', async () => {
    const turns = fairTurns(5);
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      for (let index = 0; index < 6; index++)
        turns.admit(() => {
          block(5);
          order.push(`request ${index}`);
          if (index === 5) resolve();
        });
      // A timer due at once stands for what the loop does between turns (timers, then polling sockets).
      setTimeout(() => order.push('timer'), 0);
    });
    const timer = order.indexOf('timer');
    assert.ok(timer > 0 && timer < order.length - 1, order.join(', '));
  });
});

/** A kept-alive client of one connection: one POST at a time, resolving with the status. */
function client(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post: () =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(
          { host: '127.0.0.1', port, method: 'POST', path: '/test/busy', agent },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end();
      }),
    close: () => agent.destroy(),
  };
}

describe('fair turns: new connections are accepted and answered while the process is busy', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let port: number;
  let closeStore: () => Promise<void>;
  before(async () => {
    const dir = tempDir();
    const url = `${dir}/turns.db`;
    const store = await openSqliteStore(url);
    closeStore = () => store.close();
    // No shedding: this is about the order requests are served in, not about refusing them.
    const config = loadConfig({
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      DATABASE_URL: url,
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_QUEUE_WAIT_MS: '0',
      OVERLOAD_TURN_SLICE_MS: '10',
    });
    app = await buildApp(config, {
      store,
      tokens: pageTokens(AUTH_TOKEN),
      logger: pino({ level: 'silent' }),
    });
    app.post('/test/busy', async () => {
      block(20);
      return { ok: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  after(async () => {
    await app.close();
    await closeStore();
  });

  test('twelve new connections are all answered before the twelve busy ones get four answers each', async () => {
    const busy = Array.from({ length: 12 }, () => client(port));
    let busyAnswers = 0;
    let running = true;
    const loops = busy.map(async (connection) => {
      while (running) {
        assert.equal(await connection.post(), 200);
        busyAnswers++;
      }
    });
    while (busyAnswers < 24) await new Promise((resolve) => setTimeout(resolve, 5));

    const startedAt = busyAnswers;
    const fresh = Array.from({ length: 12 }, () => client(port));
    const statuses = await Promise.all(fresh.map((connection) => connection.post()));
    const busyMeanwhile = busyAnswers - startedAt;
    running = false;
    await Promise.all(loops);
    for (const connection of [...busy, ...fresh]) connection.close();

    assert.deepEqual(statuses, new Array(12).fill(200));
    // Without slices this is about 12 turns x 12 busy requests; with them, about two requests per new connection.
    assert.ok(busyMeanwhile < 48, `the busy connections got ${busyMeanwhile} answers meanwhile`);
  });
});
