// A worker with no customer at all is logged once per process at info, with a hint about the identity's spelling
// and a fingerprint instead of the identity; a worker with customers, a search without matches or a later page is
// not such a worker. On each store of test/support/stores.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import pino from 'pino';
import { workerFingerprint, workerWithoutCustomers } from '../../src/callbacks/worker-without-customers.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOOK } from '../support/book.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const MSG = /^a worker has no customers assigned: check that their Frontline identity is spelled/;
const linesOf = (h: Harness) => h.logEntries().filter((entry) => MSG.test(String(entry.msg)));
const list = (h: Harness, worker: string, extra: Record<string, string> = {}) =>
  h.crm({ Location: 'GetCustomersList', Worker: worker, ...extra });

function describeFor(adapter: TestStore): void {
  describe(`a worker without customers (${adapter.name})`, () => {
    const opened: Harness[] = [];
    after(async () => {
      for (const h of opened.splice(0)) await h.close();
    });
    const app = async (env: Record<string, string> = {}) => {
      const h = await harness(BOOK, env, { store: adapter });
      opened.push(h);
      return h;
    };

    test('is logged once at info, by fingerprint, however often they ask and however they spell it', async () => {
      const h = await app();
      for (const worker of ['alise@example.com', 'alise@example.com', ' ALISE@example.com ']) {
        const response = await list(h, worker);
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json().objects.customers, []);
      }
      const lines = linesOf(h);
      assert.equal(lines.length, 1);
      assert.equal(lines[0]?.level, 30);
      assert.equal(
        lines[0]?.worker,
        createHash('sha256').update('alise@example.com').digest('hex').slice(0, 16),
      );
      assert.deepEqual(lines[0]?.identity, { email: true, inner_space: false, non_ascii: false });
      assert.doesNotMatch(h.logs.join('\n'), /alise/i);
    });

    test('says when an identity has a space or a look-alike character in it', async () => {
      const h = await app();
      await list(h, 'alice @example.com');
      await list(h, 'аlice@example.com'); // a Cyrillic а
      assert.deepEqual(
        linesOf(h).map((line) => line.identity),
        [
          { email: true, inner_space: true, non_ascii: false },
          { email: true, inner_space: false, non_ascii: true },
        ],
      );
    });

    test('a worker with customers, a search without matches, or visibility "all": nothing logged', async () => {
      const h = await app();
      assert.ok((await list(h, ALICE)).json().objects.customers.length > 0);
      assert.deepEqual((await list(h, ALICE, { Query: 'zzzzqqq' })).json().objects.customers, []);
      assert.deepEqual(
        (await list(h, 'nobody@example.com', { Query: 'zzzzqqq' })).json().objects.customers,
        [],
      );
      assert.equal(linesOf(h).length, 0);
      const everyone = await app({ CUSTOMER_VISIBILITY: 'all' });
      await list(everyone, 'nobody@example.com');
      assert.equal(linesOf(everyone).length, 0);
    });
  });
}

for (const adapter of STORES) describeFor(adapter);

describe('the workers remembered as reported', () => {
  test('are bounded: past the limit the oldest is forgotten, and reported again if it comes back', () => {
    const logs: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
    const report = workerWithoutCustomers(2);
    for (const worker of ['a@x', 'b@x', 'a@x', 'c@x', 'b@x', 'a@x']) report(worker, log);
    const reported = logs.map((line) => JSON.parse(line).worker);
    assert.deepEqual(reported, ['a@x', 'b@x', 'c@x', 'a@x'].map(workerFingerprint));
  });
});
