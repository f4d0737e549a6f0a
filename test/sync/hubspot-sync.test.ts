// The HubSpot sync end to end: the real @hubspot/api-client against test/support/fake-hubspot.ts, writing into each
// store of test/support/stores.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CliError } from '../../src/cli/cli-error.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { workerKey } from '../../src/directory/text-key.ts';
import { HubspotApi } from '../../src/sync/hubspot-api.ts';
import { syncHubspot } from '../../src/sync/hubspot-sync.ts';
import { DEFAULT_HUBSPOT } from '../../src/sync/mapping.ts';
import { FakeHubspot, HUBSPOT_TOKEN, PORTAL_ID } from '../support/fake-hubspot.ts';
import { STORES } from '../support/stores.ts';

const RETRY = { attempts: 4, baseDelayMs: 5, maxWaitMs: 2_000 };
const ANA = 'ana@example.com';
const BEN = 'ben@example.com';

function contact(n: number, owner = n % 2 === 0 ? '1' : '2') {
  return {
    firstname: `First${n}`,
    lastname: `Last${n}`,
    email: `c${n}@example.net`,
    phone: `+1415555${String(n).padStart(4, '0')}`,
    hubspot_owner_id: owner,
  };
}

async function fakeWith(count: number, searchWindow?: number): Promise<FakeHubspot> {
  const fake = await new FakeHubspot(searchWindow === undefined ? {} : { searchWindow }).start();
  fake.addOwner('1', ANA);
  fake.addOwner('2', 'Ben@Example.com');
  for (let n = 1; n <= count; n++) fake.put(String(n), contact(n));
  return fake;
}

function sync(
  store: CustomerStore,
  fake: FakeHubspot,
  options: { full?: boolean; token?: string; searchWindow?: number } = {},
) {
  const lines: string[] = [];
  const api = new HubspotApi({ accessToken: options.token ?? HUBSPOT_TOKEN, baseUrl: fake.url }, RETRY);
  const run = syncHubspot({
    store,
    api,
    fields: DEFAULT_HUBSPOT,
    full: options.full ?? false,
    log: (l) => lines.push(l),
    ...(options.searchWindow === undefined ? {} : { searchWindow: options.searchWindow }),
  });
  return { run, lines };
}

async function idsOf(store: CustomerStore, worker: string): Promise<string[]> {
  const page = await store.list({
    scope: { kind: 'worker', workerKey: workerKey(worker) },
    search: null,
    after: null,
    limit: 5000,
  });
  return page.map((c) => c.customer_id).sort();
}

for (const adapter of STORES) {
  describe(`HubSpot sync (${adapter.name})`, () => {
    let fake: FakeHubspot;
    let store: CustomerStore;
    before(async () => {
      fake = await fakeWith(2_500);
      store = await adapter.open();
    });
    after(() => fake.stop());

    it('copies every contact on the first run, page by page, with owners as workers and a HubSpot link', async () => {
      const run = await sync(store, fake).run;
      assert.equal(run.written, 2_500);
      assert.equal(run.skipped, 0);
      assert.equal(await store.count(), 2_500);
      assert.equal(fake.searches, 25);
      const stored = await store.getRecord('hubspot:7');
      assert.deepEqual(stored?.record, {
        customer_id: 'hubspot:7',
        display_name: 'First7 Last7',
        channels: [
          { type: 'sms', value: '+14155550007' },
          { type: 'email', value: 'c7@example.net' },
        ],
        links: [
          {
            type: 'HubSpot',
            value: `https://app.hubspot.com/contacts/${PORTAL_ID}/record/0-1/7`,
            display_name: 'Open in HubSpot',
          },
        ],
        workers: ['Ben@Example.com'],
      });
      assert.equal((await idsOf(store, BEN)).length, 1_250);
      const state = await store.syncState.get('hubspot');
      assert.notEqual(state.checkpoint, null);
      assert.equal(state.lastRun?.written, 2_500);
      assert.notEqual(state.lastRun?.finishedAt, null);
    });

    it('reads only what changed on the next run, and an owner change moves the customer to the new rep', async () => {
      const before = fake.searches;
      fake.put('7', { hubspot_owner_id: '1' });
      fake.put('8', { lastname: 'Renamed' });
      fake.put('9001', contact(9001));
      const run = await sync(store, fake).run;
      // The search is inclusive of the checkpoint's moment: the last contact of the previous run is read again.
      assert.ok(run.written >= 3 && run.written <= 4, `wrote ${run.written}`);
      assert.equal(fake.searches - before, 1);
      assert.ok((await idsOf(store, ANA)).includes('hubspot:7'));
      assert.ok(!(await idsOf(store, BEN)).includes('hubspot:7'));
      assert.equal((await store.getRecord('hubspot:8'))?.record.display_name, 'First8 Renamed');
      assert.equal(await store.count(), 2_501);
    });

    it('removes a contact deleted in HubSpot', async () => {
      fake.archive('10');
      const run = await sync(store, fake).run;
      assert.equal(run.deleted, 1);
      assert.equal(await store.getRecord('hubspot:10'), null);
      assert.equal(await store.count(), 2_500);
      assert.equal((await sync(store, fake).run).deleted, 0);
    });

    it('waits out a 429 as Retry-After says, and retries a 5xx', async () => {
      fake.put('11', { firstname: 'Again' });
      fake.fail({ status: 429, retryAfter: 1 }, { status: 502 });
      const started = Date.now();
      const run = await sync(store, fake).run;
      assert.ok(Date.now() - started >= 1_000);
      assert.ok(run.written >= 1);
      assert.match(fake.statuses.join(','), /429,502,200/);
      assert.equal((await store.getRecord('hubspot:11'))?.record.display_name, 'Again Last11');
    });

    it('skips a contact it cannot map, saying which, with no customer data in the line', async () => {
      fake.put('12', { phone: 'call me maybe' });
      const { run, lines } = sync(store, fake);
      const result = await run;
      assert.equal(result.skipped, 1);
      assert.deepEqual(lines, ['hubspot contact 12 skipped: channels[0].value']);
      assert.equal(result.errors, '1 invalid record skipped');
      assert.equal((await store.syncState.get('hubspot')).lastRun?.skipped, 1);
      // The stored record is the last good one.
      assert.equal((await store.getRecord('hubspot:12'))?.record.display_name, 'First12 Last12');
    });

    it('with --full removes the HubSpot customers HubSpot no longer lists, and keeps every other customer', async () => {
      const session = await store.beginImport();
      await session.upsert([
        { customer_id: 'hubspot:999999', display_name: 'Gone', workers: [] },
        { customer_id: 'csv-1', display_name: 'From a file', workers: [] },
      ]);
      await session.commit();
      const run = await sync(store, fake, { full: true }).run;
      assert.equal(run.deleted, 1);
      assert.equal(await store.getRecord('hubspot:999999'), null);
      // A contact skipped as invalid keeps its last good record.
      assert.notEqual(await store.getRecord('hubspot:12'), null);
      assert.notEqual(await store.getRecord('csv-1'), null);
    });

    it('a bad token is one line naming HUBSPOT_ACCESS_TOKEN, and the run is recorded with it', async () => {
      await assert.rejects(
        sync(store, fake, { token: 'pat-na1-wrong' }).run,
        (error: unknown) =>
          error instanceof CliError &&
          error.message ===
            'HubSpot refused HUBSPOT_ACCESS_TOKEN (401 INVALID_AUTHENTICATION): set a valid private app token',
      );
      const { lastRun } = await store.syncState.get('hubspot');
      assert.match(lastRun?.errors ?? '', /^HubSpot refused HUBSPOT_ACCESS_TOKEN/);
    });
  });

  describe(`HubSpot sync stopped midway (${adapter.name})`, () => {
    it('keeps every committed page, and the next run resumes from there with nothing lost or doubled', async () => {
      const fake = await fakeWith(1_000);
      try {
        const store = await adapter.open();
        fake.breakAfter(4);
        await assert.rejects(sync(store, fake).run, {
          message: 'HubSpot answered 500 after 4 attempts: internal error',
        });
        assert.equal(await store.count(), 400);
        const { lastRun } = await store.syncState.get('hubspot');
        assert.equal(lastRun?.errors, 'HubSpot answered 500 after 4 attempts: internal error');
        fake.mend();
        const resumed = await sync(store, fake).run;
        // From the last committed page's last date (that contact read again): 601 of 1,000, not all of them.
        assert.equal(resumed.written, 601);
        assert.equal(await store.count(), 1_000);
        assert.equal((await idsOf(store, ANA)).length, 500);
      } finally {
        await fake.stop();
      }
    });
  });

  describe(`HubSpot search window (${adapter.name})`, () => {
    it('starts the search again from the last date seen when a query reaches the window, losing nothing', async () => {
      const fake = await fakeWith(1_000, 300);
      try {
        const store = await adapter.open();
        const { run, lines } = sync(store, fake, { searchWindow: 300 });
        const result = await run;
        assert.equal(await store.count(), 1_000);
        assert.ok(result.written >= 1_000);
        assert.ok(lines.filter((l) => l.includes('window')).length >= 3);
      } finally {
        await fake.stop();
      }
    });
  });
}
