// Several service instances on one PostgreSQL database, as behind a load balancer: a crawl whose pages alternate
// between instances sees every customer once and in order, and an import running on one instance never shows
// half-way on another.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, bigBook } from '../support/book.ts';
import { assignedTo, crawl, expectedOrder } from '../support/crawl.ts';
import { POSTGRES } from '../support/stores.ts';

const BOOK = bigBook(400, [ALICE, BOB]);

/** One harness whose requests go to each instance in turn. */
function roundRobin(instances: Harness[]): Harness {
  let turn = 0;
  const next = () => instances[turn++ % instances.length] as Harness;
  return { ...(instances[0] as Harness), crm: (fields) => next().crm(fields) };
}

describe('two instances on one PostgreSQL database', () => {
  let one: Harness;
  let two: Harness;
  before(async () => {
    // An empty schema (dropped with this file's database by test/support/stores.ts).
    const url = await POSTGRES.freshUrl();
    const instance = () => harness([], {}, { store: POSTGRES, url });
    // Both start at once on an empty database: the advisory lock lets one migrate while the other waits.
    [one, two] = await Promise.all([instance(), instance()]);
    const session = await one.store.beginImport();
    await session.upsert(BOOK);
    await session.commit();
  });
  after(async () => {
    await one?.close();
    await two?.close();
  });

  test('a crawl alternating between the instances visits every customer once, in order', async () => {
    const both = roundRobin([one, two]);
    for (const mode of ['token', 'anchor'] as const) {
      for (const worker of [ALICE, BOB]) {
        assert.deepEqual(await crawl(both, worker, mode, 7), expectedOrder(BOOK, assignedTo(worker)), mode);
      }
      // A search crosses from tier 0 to tier 1 on the way; both instances must agree on every position.
      assert.deepEqual(await crawl(both, ALICE, mode, 9, 'ana'), await crawl(one, ALICE, mode, 9, 'ana'));
    }
  });

  test('an import on one instance is invisible on the other until it commits, and no page mixes two books', async () => {
    const fresh: CustomerRecord[] = BOOK.map((record) => ({
      ...record,
      customer_id: `new-${record.customer_id}`,
    }));
    const pagesSeen: string[][] = [];
    const import_ = (async () => {
      const session = await one.store.beginImport();
      for (let start = 0; start < fresh.length; start += 50) {
        await session.upsert(fresh.slice(start, start + 50));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const listed = new Set(fresh.map((record) => record.customer_id));
      await session.removeExcept((id) => listed.has(id));
      await session.commit();
    })();
    let done = false;
    void import_.finally(() => {
      done = true;
    });
    while (!done) {
      const response = await two.crm({
        Location: 'GetCustomersList',
        Worker: ALICE,
        PageSize: '30',
        Query: 'ana',
      });
      assert.equal(response.statusCode, 200, response.body);
      pagesSeen.push(response.json().objects.customers.map((c: { customer_id: string }) => c.customer_id));
    }
    await import_;
    assert.ok(pagesSeen.length > 1, 'pages were read while the import ran');
    for (const ids of pagesSeen) {
      const fromNew = ids.filter((id) => id.startsWith('new-')).length;
      assert.ok(fromNew === 0 || fromNew === ids.length, `one book per page: ${ids.join(' ')}`);
    }
    assert.ok(
      pagesSeen[0]?.every((id) => !id.startsWith('new-')),
      'the old book until the import commits',
    );
    assert.deepEqual(
      await crawl(two, ALICE, 'token', 50),
      expectedOrder(fresh, assignedTo(ALICE)),
      'the new book, whole, once committed',
    );
  });
});
