// SIGTERM drains a real `frontline serve`: kept-alive clients sending all along, and (PostgreSQL) requests held in
// flight by a locked table. From the signal /healthz answers 503 while requests are still served, every answer
// closes its connection, what was in flight is answered, no client sees a reset, and the process exits 0.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { form, signature } from '../support/app-harness.ts';
import { ALICE, bigBook } from '../support/book.ts';
import { createTestDatabase } from '../support/postgres-database.ts';
import { collect, runCli, startCli, waitForStderr } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
const TOKEN = 'drain-test-token-0123456789abcdef';
const LIST = { Location: 'GetCustomersList', Worker: ALICE, PageSize: '20' };

interface Answer {
  status: number;
  connection: string | undefined;
}

/** One signed CRM request on `agent`'s connection; rejects with the socket's error (ECONNRESET...). */
function crm(base: string, agent: Agent): Promise<Answer> {
  const url = `${base}/callbacks/crm`;
  const body = form(LIST);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature(url, LIST, TOKEN),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
        );
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function health(base: string): Promise<number> {
  return (await fetch(`${base}/healthz`, { headers: { connection: 'close' } })).status;
}

for (const store of STORES) {
  describe(`SIGTERM drains frontline serve (${store.name})`, () => {
    test('in-flight answered, /healthz 503 during SHUTDOWN_DELAY_MS, no reset, exit 0', async () => {
      const database = store.name === 'postgres' ? await createTestDatabase() : undefined;
      const db = database === undefined ? await store.freshUrl() : await database.freshSchemaUrl();
      const schema = /search_path=(\w+)/.exec(decodeURIComponent(db))?.[1];
      const file = join(dir, `book-${store.name}.ndjson`);
      writeFileSync(
        file,
        `${bigBook(200, [ALICE])
          .map((record) => JSON.stringify(record))
          .join('\n')}\n`,
      );
      assert.equal((await runCli(['import', file], { DATABASE_URL: db })).code, 0);
      const child = startCli(['serve'], {
        DATABASE_URL: db,
        TWILIO_AUTH_TOKEN: TOKEN,
        PORT: '0',
        HOST: '127.0.0.1',
        SHUTDOWN_DELAY_MS: '1500',
        PG_STATEMENT_TIMEOUT_MS: '20000',
        LOG_LEVEL: 'info',
      });
      const done = collect(child);
      const errors: string[] = [];
      const answers: Answer[] = [];
      let locked = false;
      let signalled = false;
      try {
        const [, base = ''] = await waitForStderr(child, /listening on (http:\/\/\S+)\n/);
        // Ten kept-alive clients, each one connection, sending until /healthz says 503 (as a load balancer would).
        let sending = true;
        const clients = Array.from({ length: 10 }, async () => {
          const agent = new Agent({ keepAlive: true, maxSockets: 1 });
          while (sending) {
            try {
              answers.push(await crm(base, agent));
            } catch (error) {
              errors.push((error as NodeJS.ErrnoException).code ?? String(error));
            }
          }
          agent.destroy();
        });
        // Held in flight by a lock on PostgreSQL; on SQLite the clients' requests are the ones in flight.
        let held: Promise<Answer[]> = Promise.resolve([]);
        if (database !== undefined) {
          await database.admin(`BEGIN; LOCK TABLE ${schema}.customers IN ACCESS EXCLUSIVE MODE`);
          locked = true;
          const agent = new Agent({ keepAlive: true });
          held = Promise.all(Array.from({ length: 5 }, () => crm(base, agent)));
          await sleep(300);
        } else await sleep(500);
        assert.equal(await health(base), 200);
        child.kill('SIGTERM');
        signalled = true;
        let status = await health(base);
        while (status === 200) status = await health(base);
        assert.equal(status, 503, 'healthz during the delay');
        sending = false;
        if (database !== undefined) {
          // Still draining: the held requests (and the clients' last ones) are answered once the lock goes.
          await database.admin('ROLLBACK');
          locked = false;
        }
        await Promise.all(clients);
        const late = await held;
        assert.deepEqual(
          late.map((answer) => answer.status),
          late.map(() => 200),
        );
        for (const answer of late) assert.equal(answer.connection, 'close');
      } finally {
        if (locked) await database?.admin('ROLLBACK');
        if (!signalled) child.kill('SIGTERM');
      }
      const result = await done;
      await database?.drop();
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(errors, [], 'no client saw an error');
      assert.ok(answers.length > 0);
      assert.deepEqual(
        answers.filter((answer) => answer.status !== 200),
        [],
      );
      const drained = result.stdout
        .split('\n')
        .filter((line) => line.includes('"msg":"drained"'))
        .map((line) => JSON.parse(line) as { ms: number; forced: boolean });
      assert.equal(drained.length, 1);
      assert.equal(drained[0]?.forced, false);
      process.stderr.write(`drain (${store.name}): ${drained[0]?.ms} ms with ${answers.length} answers\n`);
    });
  });
}
