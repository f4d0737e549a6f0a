// `serve` keeps answering while a sync writes, on each store: the real app (test/support/app-harness.ts) on one store
// connection, a HubSpot sync of a few thousand contacts from the fake on another (as a second process would), and
// list, search and details callbacks sent all through it. Every answer is a 200 with a whole page: names are given so
// that the first page lists the newest contacts first, and a sync commits 100 contacts a batch in that order, so a
// page whose newest contact is not at a batch boundary, or with a gap, would show half a batch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubspotApi } from '../../src/sync/hubspot-api.ts';
import { syncHubspot } from '../../src/sync/hubspot-sync.ts';
import { DEFAULT_MAPPING } from '../../src/sync/mapping.ts';
import { harness } from '../support/app-harness.ts';
import { FakeHubspot, HUBSPOT_TOKEN } from '../support/fake-hubspot.ts';
import { STORES } from '../support/stores.ts';

const CONTACTS = 3_000;
const BATCH = 100;
const REP = 'ana@example.com';
// Contact n sorts before n-1: the first page holds the newest contacts.
const nameOf = (n: number) => `Z${String(1_000_000 - n).padStart(7, '0')}`;
const numberOf = (id: string) => Number(id.replace('hubspot:', ''));

for (const adapter of STORES) {
  describe(`serve during a sync (${adapter.name})`, () => {
    let fake: FakeHubspot;
    before(async () => {
      fake = await new FakeHubspot().start();
      fake.addOwner('1', REP);
      for (let n = 1; n <= CONTACTS; n++)
        fake.put(String(n), { firstname: nameOf(n), email: `c${n}@example.net`, hubspot_owner_id: '1' });
    });
    after(() => fake.stop());

    it('answers list, search and details 200 with whole batches only, all through the sync', async () => {
      const url = await adapter.freshUrl();
      const h = await harness([], {}, { store: adapter, url });
      const writer = await adapter.open({ url });
      let done = false;
      const sync = syncHubspot({
        store: writer,
        api: new HubspotApi({ accessToken: HUBSPOT_TOKEN, baseUrl: fake.url }),
        fields: { ...DEFAULT_MAPPING.hubspot, link: false },
        full: false,
        log: () => {},
        pageSize: BATCH,
      }).finally(() => {
        done = true;
      });
      const seen = new Set<number>();
      let answers = 0;
      try {
        while (!done || answers === 0) {
          const list = await h.crm({ Location: 'GetCustomersList', Worker: REP, PageSize: '30' });
          assert.equal(list.statusCode, 200, list.body);
          const ids = (list.json().objects.customers as { customer_id: string }[]).map((c) =>
            numberOf(c.customer_id),
          );
          if (ids.length > 0) {
            const newest = ids[0] as number;
            assert.equal(newest % BATCH, 0, `the newest listed contact ${newest} is inside a batch`);
            assert.deepEqual(
              ids,
              Array.from({ length: Math.min(30, newest) }, (_, k) => newest - k),
            );
            seen.add(newest);
            const details = await h.crm({
              Location: 'GetCustomerDetailsByCustomerId',
              Worker: REP,
              CustomerId: `hubspot:${newest}`,
            });
            assert.equal(details.statusCode, 200, details.body);
            assert.equal(details.json().objects.customer.customer_id, `hubspot:${newest}`);
          }
          const search = await h.crm({
            Location: 'GetCustomersList',
            Worker: REP,
            PageSize: '30',
            Query: 'Z0',
          });
          assert.equal(search.statusCode, 200, search.body);
          const found = (search.json().objects.customers as { customer_id: string }[]).map((c) =>
            numberOf(c.customer_id),
          );
          if (found.length > 0) assert.equal((found[0] as number) % BATCH, 0);
          answers++;
          await sleep(0);
        }
        const run = await sync;
        assert.equal(run.written, CONTACTS);
        const last = await h.crm({ Location: 'GetCustomersList', Worker: REP, PageSize: '30' });
        assert.equal(last.json().objects.customers[0].customer_id, `hubspot:${CONTACTS}`);
      } finally {
        await sync.catch(() => {});
        await h.close();
      }
      // The callbacks saw the book grow while the sync ran, not only before and after it.
      assert.ok(seen.size >= 2, `pages seen at ${[...seen].join(', ')}`);
    });
  });
}
