// `frontline export` to a reader that goes away early (`| head -1`, a pager quit): it ends quietly, exit 0, with
// nothing on stderr (no MaxListenersExceededWarning from waiting on the pipe, no EPIPE stack). A real child process
// and a reader that reads slowly, so the pipe fills and drains many times, then closes its end. On each store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bigBook } from '../support/book.ts';
import { BIN, runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
const CUSTOMERS = 20_000;

/** Runs export, reads `chunks` chunks with a pause before each next one, then closes the pipe. */
function exportReadEarly(url: string, chunks: number) {
  const child = spawn(process.execPath, [BIN, 'export'], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let read = 0;
  let first = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    if (read === 0) first = chunk.toString('utf8').split('\n')[0] ?? '';
    read += 1;
    child.stdout.pause();
    if (read >= chunks) child.stdout.destroy();
    else setTimeout(() => child.stdout.resume(), 5);
  });
  return new Promise<{
    code: number | null;
    signal: string | null;
    stderr: string;
    first: string;
    read: number;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, first, read })));
}

for (const store of STORES)
  describe(`frontline export to a closed pipe (${store.name})`, () => {
    test('a reader that stops early: exit 0, nothing on stderr', async () => {
      const url = await store.freshUrl();
      const file = join(dir, `${store.name}.ndjson`);
      writeFileSync(
        file,
        bigBook(CUSTOMERS, ['w@example.com'])
          .map((r) => `${JSON.stringify(r)}\n`)
          .join(''),
      );
      assert.equal((await runCli(['import', file], { DATABASE_URL: url })).code, 0);

      for (const chunks of [1, 30]) {
        const result = await exportReadEarly(url, chunks);
        assert.equal(result.read, chunks, 'the reader closed before the export ended');
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.signal, null);
        assert.equal(result.stderr, '');
        assert.equal(typeof JSON.parse(result.first).customer_id, 'string');
      }
    });
  });
