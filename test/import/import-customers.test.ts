// The import driver on every store (test/support/stores.ts): a customer_id given twice in one file is an error of
// the file, reported on the second line with the first, like any invalid record, never merged silently; a replace
// says what it adds, updates, leaves, removes and skips, keeps the customers of invalid rows, and will not remove
// more than its limit without force; a dry run says the same and writes nothing. A refused record is reported with
// every problem, named as its file names it: CSV by column, NDJSON by JSON path.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { type ImportOptions, importCustomers } from '../../src/import/import-customers.ts';
import { customer } from '../support/customer.ts';
import { importBook } from '../support/import-book.ts';
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
      assert.equal(result.committed, false);
      assert.equal(result.refusal, 'invalid');
      assert.equal(result.skipped, 1);
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
      assert.deepEqual(counts(result), { added: 2, updated: 0, unchanged: 0, removed: 0, skipped: 1 });
      assert.equal(result.committed, true);
      const c1 = await opened.get('c1', { kind: 'all' });
      assert.equal(c1?.display_name, 'Ana First');
      assert.equal(await opened.count(), 2);
    });

    describe('a replace', () => {
      // A book of 20: r00..r19, each with its own name; the file below keeps 18 of them, changes 2, adds 1.
      const book = Array.from({ length: 20 }, (_, i) =>
        customer(`r${String(i).padStart(2, '0')}`, `Person ${i}`, ['a@example.com']),
      );
      const file = (name: string, records: readonly object[], extra: readonly string[] = []) => {
        const path = join(dir, `${store.name}-${name}`);
        writeFileSync(path, `${[...records.map((r) => JSON.stringify(r)), ...extra].join('\n')}\n`);
        return path;
      };
      async function bookStore(): Promise<CustomerStore> {
        const opened = await store.open();
        await importBook(opened, book);
        return opened;
      }
      const replace = (opened: CustomerStore, source: string, options: Partial<ImportOptions> = {}) =>
        importCustomers(opened, {
          source,
          replace: true,
          skipInvalid: false,
          onInvalid: () => {},
          ...options,
        });
      const ids = async (opened: CustomerStore) =>
        (await collect(opened.exportAll())).map((r) => r.customer_id);

      it('counts what it adds, updates, leaves and removes', async () => {
        const opened = await bookStore();
        const records = [
          ...book.slice(0, 17),
          { ...book[17], display_name: 'Renamed' },
          { ...book[18], workers: ['b@example.com'] },
          customer('new', 'Newcomer', []),
        ];
        const result = await replace(opened, file('counts.ndjson', records));
        assert.deepEqual(counts(result), { added: 1, updated: 2, unchanged: 17, removed: 1, skipped: 0 });
        assert.equal(result.committed, true);
        assert.equal(result.bookBefore, 20);
        assert.equal(await opened.get('r19', { kind: 'all' }), null);
        assert.equal((await opened.get('r17', { kind: 'all' }))?.display_name, 'Renamed');
        assert.equal(await opened.count(), 20);
        // The removed customer is gone from listings and searches too, not only from details.
        const listed = await opened.list({
          scope: { kind: 'worker', workerKey: 'a@example.com' },
          search: null,
          after: null,
          limit: 50,
        });
        assert.ok(!listed.some((c) => c.customer_id === 'r19'));
      });

      it('with skip-invalid, keeps the customer of an invalid row as it was', async () => {
        const opened = await bookStore();
        const records = [...book.slice(0, 19), { ...book[19], channels: [{ type: 'sms', value: '555-01' }] }];
        const reports: number[] = [];
        const result = await replace(opened, file('invalid.ndjson', records), {
          skipInvalid: true,
          onInvalid: (line) => reports.push(line),
        });
        assert.deepEqual(reports, [20]);
        assert.deepEqual(counts(result), { added: 0, updated: 0, unchanged: 19, removed: 0, skipped: 1 });
        assert.equal(result.committed, true);
        assert.deepEqual(await opened.get('r19', { kind: 'all' }), {
          customer_id: 'r19',
          display_name: 'Person 19',
        });
      });

      it('stops when a row cannot be read at all, since it cannot tell whose customer that row keeps', async () => {
        const opened = await bookStore();
        const result = await replace(
          opened,
          file('unreadable.ndjson', book.slice(0, 19), ['{"customer_id": "r19", oops']),
          {
            skipInvalid: true,
          },
        );
        assert.equal(result.refusal, 'unidentified');
        assert.equal(result.unidentified, 1);
        assert.equal(await opened.count(), 20);
        const forced = await replace(opened, file('unreadable.ndjson', book.slice(0, 19), ['{oops']), {
          skipInvalid: true,
          force: true,
        });
        assert.equal(forced.committed, true);
        assert.equal(await opened.count(), 19);
      });

      it('will not remove more than the limit (10% by default) without force', async () => {
        const opened = await bookStore();
        const source = file('truncated.ndjson', book.slice(0, 17));
        const refused = await replace(opened, source);
        assert.equal(refused.committed, false);
        assert.equal(refused.refusal, 'removal-limit');
        assert.deepEqual(counts(refused), { added: 0, updated: 0, unchanged: 17, removed: 3, skipped: 0 });
        assert.equal(refused.removalAllowed, 2);
        assert.equal(await opened.count(), 20);
        assert.equal((await replace(opened, source, { removalLimit: { customers: 3 } })).committed, true);
        assert.equal(await opened.count(), 17);
        const emptied = await replace(opened, file('one.ndjson', book.slice(0, 1)), {
          removalLimit: { percent: 50 },
        });
        assert.equal(emptied.refusal, 'removal-limit');
        assert.equal(
          (await replace(opened, file('one.ndjson', book.slice(0, 1)), { force: true })).committed,
          true,
        );
        assert.deepEqual(await ids(opened), ['r00']);
      });

      it('dry run: the same summary, nothing written', async () => {
        const opened = await bookStore();
        const records = [...book.slice(0, 19), { ...book[0], customer_id: 'new' }];
        const before = await collect(opened.exportAll());
        const result = await replace(opened, file('dry.ndjson', records), { dryRun: true });
        assert.equal(result.committed, false);
        assert.equal(result.refusal, 'dry-run');
        assert.deepEqual(counts(result), { added: 1, updated: 0, unchanged: 19, removed: 1, skipped: 0 });
        assert.deepEqual(await collect(opened.exportAll()), before);
        const plain = await importCustomers(opened, {
          source: file('dry.ndjson', records),
          replace: false,
          skipInvalid: false,
          dryRun: true,
          onInvalid: () => {},
        });
        assert.deepEqual(counts(plain), { added: 1, updated: 0, unchanged: 19, removed: 0, skipped: 0 });
        assert.deepEqual(await collect(opened.exportAll()), before);
      });
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

function counts(result: {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  skipped: number;
}) {
  const { added, updated, unchanged, removed, skipped } = result;
  return { added, updated, unchanged, removed, skipped };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
