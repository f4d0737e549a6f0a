// The import driver on every store (test/support/stores.ts): a customer_id given twice in one file is an error of
// the file, reported on the second line with the first, like any invalid record; never merged silently. A refused
// record is reported with every problem, named as its file names it: CSV by column, NDJSON by JSON path.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
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

const csv = join(dir, 'people.csv');
writeFileSync(
  csv,
  [
    'customer_id,display_name,sms,link:Salesforce,workers',
    'p1,Ana,+1 212 555 0100,https://sf.example.com/p1,a@example.com',
    'p2,,+1 212 555 0101; 555-01,http://sf.example.com/p2,a@example.com',
    'p3,Caio,+1 212 555 0102,notaurl,',
  ].join('\n'),
);
const badNdjson = join(dir, 'people.ndjson');
writeFileSync(
  badNdjson,
  `${JSON.stringify({ customer_id: 'p2', display_name: '', channels: [{ type: 'sms', value: '555-01' }] })}\n`,
);

async function reportsOf(opened: CustomerStore, path: string): Promise<[number, string][]> {
  const reports: [number, string][] = [];
  const result = await importCustomers(opened, {
    source: path,
    replace: false,
    skipInvalid: false,
    defaultCountry: 'US',
    onInvalid: (line, reason) => reports.push([line, reason]),
  });
  assert.equal(result.committed, false);
  return reports;
}

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

    it('names the CSV column of every problem of a row, a cell of several values included', async () => {
      const opened = await store.open();
      assert.deepEqual(await reportsOf(opened, csv), [
        [
          3,
          'column display_name: missing; column sms: "555-01" is not a phone number; ' +
            'column link:Salesforce: "http://sf.example.com/p2" is not allowed: only https: and mailto: URLs',
        ],
        [4, 'column link:Salesforce: "notaurl" is not an absolute URL'],
      ]);
      assert.equal(await opened.count(), 0);
    });

    it('names the JSON path of every problem of an NDJSON record', async () => {
      const opened = await store.open();
      assert.deepEqual(await reportsOf(opened, badNdjson), [
        [1, 'display_name: empty; channels[0].value: "555-01" is not a phone number'],
      ]);
    });
  });
}
