// The import driver on every store (test/support/stores.ts): a customer_id given twice in one file is an error of
// the file, reported on the second line with the first, like any invalid record; never merged silently.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importCustomers } from '../../src/import/import-customers.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
const lines = [
  { customer_id: 'c1', display_name: 'Ana First', workers: ['a@example.com'] },
  { customer_id: 'c2', display_name: 'Bruno', workers: ['a@example.com'] },
  { customer_id: 'c1', display_name: 'Ana Again', workers: ['b@example.com'] },
];
const source = join(dir, 'twice.ndjson');
writeFileSync(source, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);

for (const store of STORES) {
  describe(`importing a file (${store.name})`, () => {
    it('reports a customer_id given twice with both lines, and writes nothing', async () => {
      const opened = await store.open();
      const reports: [number, string][] = [];
      const result = await importCustomers(opened, {
        source,
        replace: false,
        skipInvalid: false,
        onInvalid: (line, reason) => reports.push([line, reason]),
      });
      assert.deepEqual(reports, [[3, 'customer_id "c1" is also on line 1']]);
      assert.deepEqual(result, { committed: false, written: 0, invalid: 1 });
      assert.equal(await opened.count(), 0);
    });

    it('with --skip-invalid keeps the first record and skips the later one', async () => {
      const opened = await store.open();
      const result = await importCustomers(opened, {
        source,
        replace: false,
        skipInvalid: true,
        onInvalid: () => {},
      });
      assert.deepEqual(result, { committed: true, written: 2, invalid: 1 });
      const c1 = await opened.get('c1', { kind: 'all' });
      assert.equal(c1?.display_name, 'Ana First');
      assert.equal(await opened.count(), 2);
    });
  });
}
