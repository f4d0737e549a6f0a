// `frontline import` with deletion lines, on every store: the summary counts what they deleted, a CSV cannot carry
// them (and says so), and an import that finds another one running says so in one line instead of a stack trace.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
const ndjson = (lines: object[]) => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
const BOOK = [
  { customer_id: 'c1', display_name: 'Ana', workers: ['a@example.com'] },
  { customer_id: 'c2', display_name: 'Bruno', workers: ['a@example.com'] },
];

for (const store of STORES) {
  describe(`frontline import with deletion lines (${store.name})`, () => {
    async function bookUrl(): Promise<string> {
      const url = await store.freshUrl();
      const loaded = await runCli(['import', '--format', 'ndjson', '-'], { DATABASE_URL: url }, ndjson(BOOK));
      assert.equal(loaded.code, 0, loaded.stderr);
      return url;
    }

    test('deletes the customers of deletion lines and counts them in the summary', async () => {
      const url = await bookUrl();
      const path = join(dir, `${store.name}-deletions.ndjson`);
      writeFileSync(
        path,
        ndjson([
          { customer_id: 'c1', deleted: true },
          { customer_id: 'c9', deleted: true },
        ]),
      );
      const result = await runCli(['import', path], { DATABASE_URL: url });
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        /imported: added 0, updated 0, unchanged 0, removed 0, deleted 1, skipped 0/,
      );
      const exported = await runCli(['export'], { DATABASE_URL: url });
      assert.equal(exported.stdout, ndjson([BOOK[1] as object]));
    });

    test('refuses a CSV with a deleted column, pointing to NDJSON deletion lines', async () => {
      const url = await bookUrl();
      const path = join(dir, `${store.name}-deleted.csv`);
      writeFileSync(path, 'customer_id,display_name,deleted\nc1,Ana,true\n');
      const result = await runCli(['import', path], { DATABASE_URL: url });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^frontline import: .*"deleted" column is not read.*deletion lines/m);
      assert.equal((await runCli(['export'], { DATABASE_URL: url })).stdout, ndjson(BOOK));
    });

    test('says in one line that another import is running, and writes nothing', async () => {
      const url = await bookUrl();
      const holder = await store.open({ url });
      const session = await holder.beginImport();
      try {
        const path = join(dir, `${store.name}-late.ndjson`);
        writeFileSync(path, ndjson([{ customer_id: 'c1', deleted: true }]));
        const result = await runCli(['import', path], { DATABASE_URL: url });
        assert.equal(result.code, 1);
        // Both stores: the open only reads a current schema, and the import's own session finds the store busy.
        assert.match(
          result.stderr,
          /^frontline import: Another import is writing to the customer store; try again when it has finished\n$/,
        );
      } finally {
        await session.rollback();
        await holder.close();
      }
      assert.equal((await runCli(['export'], { DATABASE_URL: url })).stdout, ndjson(BOOK));
    });
  });
}
