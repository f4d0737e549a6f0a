// The real `frontline import-workers` command, on every store of test/support/stores.ts: CSV and NDJSON in, profiles
// read back through the store's port, all or nothing, --replace.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { workerKey } from '../../src/directory/text-key.ts';
import type { WorkerProfile } from '../../src/directory/worker.ts';
import { runCli } from '../support/run-cli.ts';
import { STORES, type TestStore } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
let files = 0;
const file = (extension: string, text: string) => {
  const path = join(dir, `workers-${++files}${extension}`);
  writeFileSync(path, text);
  return path;
};

const CSV = `Identity,display_name,FIRST_NAME,last_name
Alice@Example.com,Alice Smith,Alice,Smith
bob@example.com,,Bob,
`;

async function profiles(adapter: TestStore, url: string, identities: string[]) {
  const store = await adapter.open({ url });
  try {
    const found: Record<string, WorkerProfile | null> = {};
    for (const identity of identities) found[identity] = await store.getWorker(workerKey(identity));
    return found;
  } finally {
    await store.close();
  }
}

for (const adapter of STORES) {
  describe(`frontline import-workers (${adapter.name})`, () => {
    test('imports CSV (header in any case) and NDJSON; upserts by identity, case-insensitively', async () => {
      const env = { DATABASE_URL: await adapter.freshUrl() };
      const csv = await runCli(['import-workers', file('.csv', CSV)], env);
      assert.equal(csv.code, 0, csv.stderr);
      assert.equal(csv.stderr, 'imported 2 worker profile(s)\n');
      const update = `${JSON.stringify({ identity: 'BOB@example.com', display_name: 'Robert Jones', first_name: null })}\n`;
      assert.equal((await runCli(['import-workers', file('.ndjson', update)], env)).code, 0);
      assert.deepEqual(await profiles(adapter, env.DATABASE_URL, ['alice@example.com', 'bob@example.com']), {
        'alice@example.com': {
          identity: 'Alice@Example.com',
          display_name: 'Alice Smith',
          first_name: 'Alice',
          last_name: 'Smith',
        },
        'bob@example.com': { identity: 'BOB@example.com', display_name: 'Robert Jones' },
      });
    });

    test("reads a spreadsheet's export: Windows-1252 with --encoding, ';' told by the header", async () => {
      const env = { DATABASE_URL: await adapter.freshUrl() };
      const excel = iconv.encode(
        'identity;display_name;first_name\r\nrene@example.com;René Müller;René\r\n',
        'win1252',
      );
      const path = join(dir, `workers-${++files}.csv`);
      writeFileSync(path, excel);
      const refused = await runCli(['import-workers', path], env);
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /line 2, byte \d+: not valid UTF-8 \(is the file Windows-1252\? pass --encoding windows-1252\)/,
      );
      const result = await runCli(['import-workers', path, '--encoding', 'windows-1252'], env);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await profiles(adapter, env.DATABASE_URL, ['rene@example.com']), {
        'rene@example.com': { identity: 'rene@example.com', display_name: 'René Müller', first_name: 'René' },
      });
    });

    test('any invalid line: every one reported with its line, nothing written, exit 1', async () => {
      const env = { DATABASE_URL: await adapter.freshUrl() };
      assert.equal((await runCli(['import-workers', file('.csv', CSV)], env)).code, 0);
      const bad = [
        'identity,display_name,first_name',
        'carol@example.com,Carol King,Carol',
        ',No Identity,',
        'dave@example.com,,',
        'CAROL@example.com,Carol Again,',
        '"eve@example.com,Eve',
      ].join('\n');
      const result = await runCli(['import-workers', file('.csv', bad)], env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /workers-\d+\.csv:3: identity: missing\n/);
      assert.match(result.stderr, /:4: no display_name, first_name or last_name: nothing to sign with\n/);
      assert.match(result.stderr, /:5: identity "CAROL@example.com" is also on line 2\n/);
      assert.match(result.stderr, /line 6: a quoted cell is never closed/);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      const after = await profiles(adapter, env.DATABASE_URL, ['carol@example.com', 'alice@example.com']);
      assert.equal(after['carol@example.com'], null);
      assert.equal(after['alice@example.com']?.display_name, 'Alice Smith');
    });

    test('an unknown column stops the import with one line naming it', async () => {
      const env = { DATABASE_URL: await adapter.freshUrl() };
      const result = await runCli(
        ['import-workers', file('.csv', 'identity,nickname\nalice@example.com,Al\n')],
        env,
      );
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^frontline import-workers: .*workers-\d+\.csv: unknown column "nickname"; the columns are identity, display_name, first_name, last_name\n$/,
      );
    });

    test('--replace keeps exactly the file, and reads stdin with --format', async () => {
      const env = { DATABASE_URL: await adapter.freshUrl() };
      assert.equal((await runCli(['import-workers', file('.csv', CSV)], env)).code, 0);
      const carol = `${JSON.stringify({ identity: 'carol@example.com', last_name: 'King' })}\n`;
      const result = await runCli(['import-workers', '-', '--format', 'ndjson', '--replace'], env, carol);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        await profiles(adapter, env.DATABASE_URL, ['alice@example.com', 'carol@example.com']),
        {
          'alice@example.com': null,
          'carol@example.com': { identity: 'carol@example.com', last_name: 'King' },
        },
      );
    });
  });
}
