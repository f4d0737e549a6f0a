// The real `frontline` command with DATABASE_URL=postgres://…: migrate, import and export use the
// PostgreSQL store, and a server that cannot be reached is one line naming it, without its password. serve on
// PostgreSQL is the serve smoke test's (test/cli/serve-smoke.test.ts), which runs on every store.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MIGRATIONS } from '../../src/stores/postgres/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

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
      new RegExp(
        `^${MIGRATIONS.map((m) => `applied migration ${m.version}: .*\n`).join('')}PostgreSQL schema now at version ${LATEST}\n$`,
      ),
    );
    const second = await runCli(['migrate'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr, `PostgreSQL schema already at version ${LATEST}\n`);
  });

  test('import, export and import --replace round-trip through PostgreSQL', async () => {
    const env = { DATABASE_URL: await db.freshSchemaUrl() };
    const imported = await runCli(['import', file('book.ndjson', BOOK)], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(
      imported.stderr,
      /imported: added 2, updated 0, unchanged 0, removed 0, deleted 0, skipped 0/,
    );
    const exported = await runCli(['export'], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stdout, ndjson(BOOK));
    // Removing one of two is past the default limit of 10%: refused without --force, committed with it.
    const refused = await runCli(['import', '--replace', file('one.ndjson', [BOOK[1] as object])], env);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /not imported: added 0, updated 0, unchanged 1, removed 1, deleted 0, skipped 0/,
    );
    assert.equal((await runCli(['export'], env)).stdout, ndjson(BOOK));
    const replaced = await runCli(
      ['import', '--replace', '--force', file('one.ndjson', [BOOK[1] as object])],
      env,
    );
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.match(
      replaced.stderr,
      /imported: added 0, updated 0, unchanged 1, removed 1, deleted 0, skipped 0/,
    );
    assert.equal((await runCli(['export'], env)).stdout, ndjson([BOOK[1] as object]));
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
