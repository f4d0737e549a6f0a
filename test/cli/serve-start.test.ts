// What `frontline serve` says when it starts, and what it refuses: the address really bound, the store (SQLite's full
// path, or PostgreSQL's host and database, never the password) with its number of customers, the callbacks not
// configured; and a SQLite path that does not exist (run from the wrong folder) is refused, not created.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { collect, runCli, startCli, waitForStderr } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();

for (const store of STORES) {
  describe(`frontline serve's start banner (${store.name})`, () => {
    test('bound address, store without password, customer count, callbacks not configured', async () => {
      const db = await store.freshUrl();
      const file = join(dir, `three-${store.name}.ndjson`);
      writeFileSync(
        file,
        ['x1', 'x2', 'x3']
          .map((id) => JSON.stringify({ customer_id: id, display_name: id, workers: ['w@example.com'] }))
          .join('\n'),
      );
      assert.equal((await runCli(['import', file], { DATABASE_URL: db })).code, 0);
      const child = startCli(['serve'], {
        DATABASE_URL: db,
        TWILIO_AUTH_TOKEN: 'x'.repeat(32),
        PORT: '0',
        HOST: '0.0.0.0',
      });
      const done = collect(child);
      try {
        const [, port] = await waitForStderr(
          child,
          /listening on http:\/\/0\.0\.0\.0:(\d+) \(every interface; from this machine: curl http:\/\/127\.0\.0\.1:\d+\/healthz\)\n/,
        );
        const [, where] = await waitForStderr(child, /Store: (.*), 3 customers, 1 worker\n/);
        if (store.name === 'sqlite') assert.equal(where, `SQLite ${db}`);
        else {
          const url = new URL(db);
          assert.equal(where, `PostgreSQL ${url.hostname}:${url.port}${url.pathname}`);
          if (url.password !== '') assert.ok(!where?.includes(url.password));
        }
        await waitForStderr(child, /Not configured \(503 not_configured\): templates need TEMPLATES_FILE/);
        assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal((await done).code, 0);
    });
  });
}

describe('frontline serve and a SQLite path that does not exist', () => {
  test('refused with the path and the current folder; nothing created', async () => {
    const missing = join(dir, 'nowhere', 'frontline.db');
    const result = await runCli(['serve'], {
      DATABASE_URL: missing,
      TWILIO_AUTH_TOKEN: 'x'.repeat(32),
      PORT: '0',
    });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0] ?? '',
      /SQLite file that does not exist: .*nowhere\/frontline\.db \(current folder \//,
    );
    assert.equal(existsSync(missing), false);
  });

  test('import creates it, and serve then starts', async () => {
    const path = join(dir, 'made-by-import.db');
    const file = join(dir, 'one.ndjson');
    writeFileSync(
      file,
      `${JSON.stringify({ customer_id: 'a', display_name: 'A', workers: ['w@example.com'] })}\n`,
    );
    assert.equal((await runCli(['import', file], { DATABASE_URL: path })).code, 0);
    const child = startCli(['serve'], {
      DATABASE_URL: path,
      TWILIO_AUTH_TOKEN: 'x'.repeat(32),
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const done = collect(child);
    try {
      await waitForStderr(child, /Store: SQLite .*made-by-import\.db, 1 customer, 1 worker\n/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal((await done).code, 0);
  });
});
