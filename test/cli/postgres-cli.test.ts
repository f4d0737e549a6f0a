// The real `frontline` command with DATABASE_URL=postgres://…: migrate, import, export and serve all use the
// PostgreSQL store, and a server that cannot be reached is one line naming it, without its password.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { form, signature } from '../support/app-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';
import { collect, runCli, startCli, waitForStderr } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
const ndjson = (records: object[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
const file = (name: string, records: object[]) => {
  const path = join(dir, name);
  writeFileSync(path, ndjson(records));
  return path;
};
const BOOK = [
  {
    customer_id: 'c1',
    display_name: 'Zoë Martin',
    channels: [{ type: 'email', value: 'zoe@acme.io' }],
    workers: ['w@example.com'],
  },
  { customer_id: 'c2', display_name: 'Bruno', workers: ['w@example.com', 'v@example.com'] },
];

describe('frontline with DATABASE_URL=postgres://…', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  test('migrate applies the schema once, then finds nothing to do', async () => {
    const env = { DATABASE_URL: await db.freshSchemaUrl() };
    const first = await runCli(['migrate'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stderr,
      /applied migration 1: .*\napplied migration 2: .*\nPostgreSQL schema now at version 2\n/,
    );
    const second = await runCli(['migrate'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr, 'PostgreSQL schema already at version 2\n');
  });

  test('import, export and import --replace round-trip through PostgreSQL', async () => {
    const env = { DATABASE_URL: await db.freshSchemaUrl() };
    const imported = await runCli(['import', file('book.ndjson', BOOK)], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /imported 2 customer/);
    const exported = await runCli(['export'], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stdout, ndjson(BOOK));
    const replaced = await runCli(['import', '--replace', file('one.ndjson', [BOOK[1] as object])], env);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.equal((await runCli(['export'], env)).stdout, ndjson([BOOK[1] as object]));
  });

  test('serve answers signed callbacks and /healthz from PostgreSQL', async () => {
    const url = await db.freshSchemaUrl();
    assert.equal((await runCli(['import', file('serve.ndjson', BOOK)], { DATABASE_URL: url })).code, 0);
    const token = 'postgres-smoke-token';
    const child = startCli(['serve'], {
      DATABASE_URL: url,
      TWILIO_AUTH_TOKEN: token,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const done = collect(child);
    try {
      const [, base] = await waitForStderr(child, /listening on (http:\/\/\S+)\n/);
      const crm = `${base}/callbacks/crm`;
      const fields = { Location: 'GetCustomersList', Worker: 'V@example.com' };
      const response = await fetch(crm, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature(crm, fields, token),
        },
        body: form(fields),
      });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        objects: { customers: [{ customer_id: 'c2', display_name: 'Bruno' }], searchable: true },
      });
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
  });

  test('a server that cannot be reached: one line naming it, password hidden, exit 1', async () => {
    const env = {
      DATABASE_URL: 'postgres://frontline:hunter2@127.0.0.1:1/book',
      PG_CONNECT_TIMEOUT_MS: '500',
    };
    for (const command of ['export', 'migrate']) {
      const result = await runCli([command], env);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(
          `^frontline ${command}: Cannot open the customer store at postgres://frontline:\\*\\*\\*@127\\.0\\.0\\.1:1/book: .*ECONNREFUSED.*\\n$`,
        ),
      );
      assert.doesNotMatch(result.stderr, /hunter2/);
    }
  });
});
