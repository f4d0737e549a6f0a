// The store contract's single-record part, the directory API's store calls: getRecord with its version, putRecord
// and removeRecord under a condition, listRecords by customer_id. Like store-contract.test.ts it runs on every store
// of test/support/stores.ts, through the port only, and checks what readers see after each write.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { parseAddress } from '../../src/directory/address.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import type {
  CustomerStore,
  PutOutcome,
  Scope,
  StoredRecord,
  WriteCondition,
} from '../../src/directory/customer-store.ts';
import { recordVersion } from '../../src/directory/record-version.ts';
import { searchQuery, workerKey } from '../../src/directory/text-key.ts';
import { customer } from '../support/customer.ts';
import { importBook } from '../support/import-book.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const ALICE = 'alice@example.com';
const BOB = 'Bob@Example.com';
const any: WriteCondition = { kind: 'any' };
const absent: WriteCondition = { kind: 'absent' };
const at = (...versions: string[]): WriteCondition => ({ kind: 'version', versions });
const worker = (identity: string): Scope => ({ kind: 'worker', workerKey: workerKey(identity) });

const ANNA = customer('c1', 'Anna Smith', [ALICE], {
  channels: [{ type: 'sms', value: '+12125550101' }],
  details: { title: 'Notes', content: 'VIP' },
});

function written(outcome: PutOutcome): StoredRecord {
  assert.ok(outcome.kind !== 'precondition_failed', 'the write went through');
  return outcome.stored;
}

async function names(store: CustomerStore, scope: Scope, text: string | null = null): Promise<string[]> {
  const search = text === null ? null : searchQuery(text);
  const page = await store.list({ scope, search, after: null, limit: 100 });
  return page.map((listed) => listed.customer_id);
}

function describeRecordContract(adapter: TestStore): void {
  describe(`CustomerStore single records (${adapter.name})`, () => {
    const opened: CustomerStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    async function storeWith(records: readonly CustomerRecord[]): Promise<CustomerStore> {
      const store = await adapter.open({ writeWaitMs: 300 });
      opened.push(store);
      if (records.length > 0) await importBook(store, records);
      return store;
    }

    it('creates, replaces and leaves unchanged, answering the record as stored with its version', async () => {
      const store = await storeWith([]);
      const created = await store.putRecord(ANNA, any);
      assert.equal(created.kind, 'created');
      assert.deepEqual(written(created).record, ANNA);
      assert.equal(written(created).version, recordVersion(ANNA));
      assert.deepEqual(await store.getRecord('c1'), written(created));

      const again = await store.putRecord(ANNA, any);
      assert.equal(again.kind, 'unchanged');

      const renamed = { ...ANNA, display_name: 'Anna Jones' };
      const replaced = await store.putRecord(renamed, any);
      assert.equal(replaced.kind, 'replaced');
      assert.notEqual(written(replaced).version, written(created).version);
      assert.deepEqual((await store.getRecord('c1'))?.record, renamed);
    });

    it('is seen by the next read: lists, searches, details, addresses and worker scopes follow each write', async () => {
      const store = await storeWith([customer('c0', 'Zed Old', [BOB])]);
      await store.putRecord(ANNA, any);
      assert.deepEqual(await names(store, worker(ALICE)), ['c1']);
      assert.deepEqual(await names(store, worker(ALICE), 'smi'), ['c1']);
      assert.deepEqual(await names(store, worker(ALICE), '5550101'), ['c1']);
      assert.equal((await store.get('c1', worker(ALICE)))?.display_name, 'Anna Smith');
      const address = parseAddress('+12125550101');
      assert.ok(address);
      assert.equal((await store.findByAddress(address))?.customer_id, 'c1');

      // Reassigned: out of one rep's book, into the other's.
      await store.putRecord({ ...ANNA, workers: [BOB] }, any);
      assert.deepEqual(await names(store, worker(ALICE)), []);
      assert.deepEqual(await names(store, worker(BOB)), ['c1', 'c0']);
      assert.equal(await store.get('c1', worker(ALICE)), null);

      const removed = await store.removeRecord('c1', any);
      assert.equal(removed.kind, 'removed');
      assert.deepEqual(await names(store, worker(BOB)), ['c0']);
      assert.deepEqual(await names(store, { kind: 'all' }, 'anna'), []);
      assert.equal(await store.get('c1', { kind: 'all' }), null);
      assert.equal(await store.findByAddress(address), null);
      assert.equal(await store.getRecord('c1'), null);
      assert.equal(await store.count(), 1);
    });

    it('writes only when the condition holds: absent, or still at the version the caller read', async () => {
      const store = await storeWith([ANNA]);
      const stored = await store.getRecord('c1');
      assert.ok(stored);
      assert.deepEqual(await store.putRecord({ ...ANNA, display_name: 'X' }, absent), {
        kind: 'precondition_failed',
      });
      assert.deepEqual(await store.putRecord({ ...ANNA, display_name: 'X' }, at('stale')), {
        kind: 'precondition_failed',
      });
      assert.deepEqual((await store.getRecord('c1'))?.record, ANNA);
      assert.deepEqual(await store.putRecord(customer('c9', 'Nine'), { kind: 'present' }), {
        kind: 'precondition_failed',
      });
      assert.equal((await store.putRecord(ANNA, { kind: 'present' })).kind, 'unchanged');
      const changed = await store.putRecord({ ...ANNA, display_name: 'Y' }, at('other', stored.version));
      assert.equal(changed.kind, 'replaced');
      // The version read before the change no longer matches.
      assert.deepEqual(await store.removeRecord('c1', at(stored.version)), { kind: 'precondition_failed' });
      assert.equal(await store.count(), 1);
      assert.deepEqual(await store.removeRecord('c1', at(written(changed).version)), { kind: 'removed' });
      assert.deepEqual(await store.removeRecord('c1', any), { kind: 'not_found' });
      assert.equal((await store.putRecord(ANNA, absent)).kind, 'created');
      assert.deepEqual(await store.putRecord(customer('c2', 'B'), at('nothing')), {
        kind: 'precondition_failed',
      });
    });

    it('versions a record by its content: an import that changes it changes the version, one that does not keeps it', async () => {
      const store = await storeWith([ANNA]);
      const before = await store.getRecord('c1');
      await importBook(store, [ANNA]);
      assert.equal((await store.getRecord('c1'))?.version, before?.version);
      await importBook(store, [{ ...ANNA, workers: [ALICE, BOB] }]);
      assert.notEqual((await store.getRecord('c1'))?.version, before?.version);
    });

    it('lets concurrent writes of one new customer through one at a time: exactly one create wins', async () => {
      const store = await storeWith([]);
      const outcomes = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => store.putRecord(customer('new', `Name ${n}`, [ALICE]), absent)),
      );
      assert.equal(outcomes.filter((outcome) => outcome.kind === 'created').length, 1);
      assert.equal(outcomes.filter((outcome) => outcome.kind === 'precondition_failed').length, 4);
      assert.deepEqual(await names(store, worker(ALICE)), ['new']);
    });

    it('lists records by customer_id, keyset-paged, the whole book or one worker', async () => {
      const book = ['b', 'a', 'd', 'c', 'e'].map((id, i) =>
        customer(id, `Name ${5 - i}`, i % 2 === 0 ? [ALICE] : [BOB]),
      );
      const store = await storeWith(book);
      const crawl = async (workerKey: string | null, limit: number) => {
        const ids: string[] = [];
        for (let after: string | null = null; ; ) {
          const page = await store.listRecords({ after, limit, workerKey });
          ids.push(...page.map((record) => record.customer_id));
          if (page.length < limit) return ids;
          after = page.at(-1)?.customer_id ?? null;
        }
      };
      for (const limit of [1, 2, 10]) {
        assert.deepEqual(await crawl(null, limit), ['a', 'b', 'c', 'd', 'e']);
        assert.deepEqual(await crawl(workerKey(ALICE), limit), ['b', 'd', 'e']);
        assert.deepEqual(await crawl(workerKey(BOB), limit), ['a', 'c']);
      }
      const [first] = await store.listRecords({ after: 'c', limit: 1, workerKey: null });
      assert.deepEqual(first, book[2]);
    });

    it('answers unknown ids as absent', async () => {
      const store = await storeWith([ANNA]);
      assert.equal(await store.getRecord('nobody'), null);
      assert.deepEqual(await store.removeRecord('nobody', any), { kind: 'not_found' });
      assert.deepEqual(await store.listRecords({ after: 'c1', limit: 5, workerKey: null }), []);
    });

    it('makes a write wait for a running import, then fail with store_busy, leaving the book as it was', async () => {
      const store = await storeWith([ANNA]);
      const session = await store.beginImport();
      try {
        await assert.rejects(store.putRecord(customer('c2', 'Late'), any), { code: 'store_busy' });
        await assert.rejects(store.removeRecord('c1', any), { code: 'store_busy' });
      } finally {
        await session.rollback();
      }
      assert.deepEqual((await store.getRecord('c1'))?.record, ANNA);
      assert.equal((await store.putRecord(customer('c2', 'Now'), any)).kind, 'created');
    });
  });
}

for (const adapter of STORES) describeRecordContract(adapter);
