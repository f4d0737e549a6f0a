// Deletion lines, `{"customer_id": "…", "deleted": true}`, through the import driver on every store: they remove
// their customers (from listings, searches and address lookups too) in the import's transaction, in batches, count
// only what was stored, are duplicates like records when a customer_id comes twice, never keep a customer in a
// replace nor count against its removal limit, and are read from a stream as from a file.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { parseAddress } from '../../src/directory/address.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { searchQuery } from '../../src/directory/text-key.ts';
import { type ImportOptions, importCustomers } from '../../src/import/import-customers.ts';
import { readRecords } from '../../src/import/read-records.ts';
import { customer } from '../support/customer.ts';
import { importBook } from '../support/import-book.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
const ALICE = 'a@example.com';
const book = Array.from({ length: 20 }, (_, i) =>
  customer(`d${String(i).padStart(2, '0')}`, `Person ${i}`, [ALICE], {
    channels: [{ type: 'sms', value: `+1212555${String(i).padStart(4, '0')}` }],
  }),
);
const gone = (id: string) => ({ customer_id: id, deleted: true });
const text = (lines: readonly object[]) => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
let files = 0;
const file = (lines: readonly object[]) => {
  const path = join(dir, `lines-${++files}.ndjson`);
  writeFileSync(path, text(lines));
  return path;
};

for (const store of STORES) {
  describe(`deletion lines (${store.name})`, () => {
    async function bookStore(): Promise<CustomerStore> {
      const opened = await store.open();
      await importBook(opened, book);
      return opened;
    }
    function run(
      opened: CustomerStore,
      source: ImportOptions['source'],
      options: Partial<ImportOptions> = {},
    ) {
      const reports: [number, string][] = [];
      const result = importCustomers(opened, {
        source,
        replace: false,
        skipInvalid: false,
        defaultCountry: 'US',
        onInvalid: (line, reason) => reports.push([line, reason]),
        ...options,
      });
      return result.then((done) => ({ ...done, reports }));
    }
    const ids = async (opened: CustomerStore) => {
      const all: string[] = [];
      for await (const record of opened.exportAll()) all.push(record.customer_id);
      return all;
    };

    it('remove their customers with everything derived from them, and pass over ids not stored', async () => {
      const opened = await bookStore();
      const result = await run(opened, file([gone('d03'), ...book.slice(4, 5), gone('nobody'), gone('d05')]));
      assert.equal(result.committed, true);
      assert.deepEqual(result.reports, []);
      assert.equal(result.deleted, 2);
      assert.equal(result.unchanged, 1);
      assert.equal(await opened.count(), 18);
      assert.equal(await opened.getRecord('d03'), null);
      const scope = { kind: 'worker', workerKey: ALICE } as const;
      const listed = await opened.list({ scope, search: null, after: null, limit: 50 });
      assert.ok(!listed.some((c) => c.customer_id === 'd03' || c.customer_id === 'd05'));
      assert.equal(listed.length, 18);
      const found = await opened.list({ scope, search: searchQuery('5550003'), after: null, limit: 50 });
      assert.deepEqual(found, []);
      const address = (phone: string) => parseAddress(phone) ?? assert.fail(phone);
      assert.equal(await opened.findByAddress(address('+12125550003')), null);
      assert.equal((await opened.findByAddress(address('+12125550004')))?.customer_id, 'd04');
    });

    it('are removed in batches, and the book is whole again when the import is refused', async () => {
      const big = Array.from({ length: 2500 }, (_, i) =>
        customer(`b${String(i).padStart(4, '0')}`, `B ${i}`, [ALICE]),
      );
      const opened = await store.open();
      await importBook(opened, big);
      const lines = big.map((record) => gone(record.customer_id));
      const refused = await run(opened, file([...lines, { customer_id: 'bad', display_name: '' }]));
      assert.equal(refused.committed, false);
      assert.equal(refused.refusal, 'invalid');
      assert.equal(await opened.count(), 2500);
      const dry = await run(opened, file(lines), { dryRun: true });
      assert.equal(dry.deleted, 2500);
      assert.equal(await opened.count(), 2500);
      const done = await run(opened, file(lines));
      assert.equal(done.deleted, 2500);
      assert.equal(await opened.count(), 0);
    });

    it('are duplicates when a customer_id comes twice, as a record and a deletion or as two deletions', async () => {
      const opened = await bookStore();
      const result = await run(opened, file([...book.slice(1, 2), gone('d01'), gone('d02'), gone('d02')]));
      assert.deepEqual(result.reports, [
        [2, 'customer_id "d01" is also on line 1'],
        [4, 'customer_id "d02" is also on line 3'],
      ]);
      assert.equal(result.committed, false);
      assert.equal(await opened.count(), 20);
    });

    it('are exactly customer_id and deleted: true, anything else is an invalid line', async () => {
      const opened = await bookStore();
      const result = await run(
        opened,
        file([
          { customer_id: 'd01', deleted: false },
          { customer_id: 'd02', deleted: true, display_name: 'X' },
          { deleted: true },
          { customer_id: 'd03', deleted: 'yes' },
        ]),
      );
      assert.deepEqual(
        result.reports.map(([line, reason]) => [line, reason.split(' (')[0]]),
        [
          [1, 'deleted: must be true'],
          [2, 'display_name: not allowed beside deleted'],
          [3, 'customer_id: missing or not a valid customer_id'],
          [4, 'deleted: must be true'],
        ],
      );
      assert.equal(await opened.count(), 20);
    });

    it('in a replace, do not keep their customers nor count against the removal limit', async () => {
      const opened = await bookStore();
      // 17 listed, 3 deleted: without the deletions' exemption, 3 of 20 would pass the default 10% limit.
      const lines = [...book.slice(0, 17), gone('d17'), gone('d18'), gone('d19')];
      const result = await run(opened, file(lines), { replace: true });
      assert.equal(result.committed, true, result.refusal);
      assert.equal(result.deleted, 3);
      assert.equal(result.removed, 0);
      assert.equal(result.bookBefore, 20);
      assert.equal(await opened.count(), 17);
      // A deleted customer is not kept by its line: here it is also gone when the rest is removed.
      const next = await run(opened, file([...book.slice(0, 16), gone('d16')]), {
        replace: true,
        force: true,
      });
      assert.equal(next.committed, true);
      assert.deepEqual(
        await ids(opened),
        book.slice(0, 16).map((record) => record.customer_id),
      );
    });

    it('are read from a stream as from a file (the API body), which needs its format', async () => {
      const opened = await bookStore();
      const stream = Readable.from([text([gone('d00')]), text([customer('n1', 'New', [ALICE])])]);
      const result = await run(opened, { stream, label: 'the body' }, { format: 'ndjson' });
      assert.equal(result.committed, true);
      assert.equal(result.deleted, 1);
      assert.equal(result.added, 1);
      assert.throws(() => readRecords({ stream: Readable.from([]), label: 'the body' }), {
        message: 'reading the body needs a format: ndjson or csv',
      });
    });

    it('are NDJSON only: a CSV with a deleted column is refused, saying so', async () => {
      const opened = await bookStore();
      const path = join(dir, `${store.name}-deleted.csv`);
      writeFileSync(path, 'customer_id,display_name,deleted\nd01,Person 1,true\n');
      await assert.rejects(run(opened, path), /"deleted" column is not read.*deletion lines/);
      assert.equal(await opened.count(), 20);
    });
  });
}
