// The Salesforce sync end to end: the real jsforce against test/support/fake-salesforce.ts (JWT bearer flow and
// access token), writing into each store of test/support/stores.ts.
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../../src/cli/cli-error.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { workerKey } from '../../src/directory/text-key.ts';
import { DEFAULT_SALESFORCE, type SalesforceFields } from '../../src/sync/mapping.ts';
import { SalesforceApi } from '../../src/sync/salesforce-api.ts';
import { syncSalesforce } from '../../src/sync/salesforce-sync.ts';
import type { SalesforceSettings } from '../../src/sync/sync-config.ts';
import {
  FakeSalesforce,
  jwtKeys,
  SF_ACCESS_TOKEN,
  SF_CLIENT_ID,
  SF_USERNAME,
} from '../support/fake-salesforce.ts';
import { STORES } from '../support/stores.ts';

const RETRY = { attempts: 4, baseDelayMs: 5, maxWaitMs: 2_000 };
const ANA = 'ana@example.com';
const BEN = 'ben@example.com';
const KEYS = jwtKeys();
/** The fake's instance URL is http; a record's link must be https. */
const LINK_URL = 'https://acme.my.salesforce.com';
const id = (n: number) => FakeSalesforce.id('Contact', n);

function contact(n: number, owner = n % 2 === 0 ? 1 : 2) {
  return {
    FirstName: `First${n}`,
    LastName: `Last${n}`,
    Email: `c${n}@example.net`,
    Phone: `+1415555${String(n).padStart(4, '0')}`,
    OwnerId: FakeSalesforce.id('User', owner),
  };
}

async function fakeWith(count: number): Promise<FakeSalesforce> {
  const fake = await new FakeSalesforce(KEYS.publicKey, { customFields: ['Second_Rep_Email__c'] }).start();
  fake.addUser(1, ANA);
  fake.addUser(2, 'Ben@Example.com');
  for (let n = 1; n <= count; n++) fake.put('Contact', n, contact(n));
  return fake;
}

const jwt = (fake: FakeSalesforce, change: Partial<SalesforceSettings> = {}): SalesforceSettings =>
  ({
    kind: 'jwt',
    loginUrl: fake.url,
    clientId: SF_CLIENT_ID,
    username: SF_USERNAME,
    privateKey: createPrivateKey(KEYS.privatePem),
    ...change,
  }) as SalesforceSettings;

interface SyncOptions {
  full?: boolean;
  api?: SalesforceApi;
  settings?: SalesforceSettings;
  fields?: Partial<SalesforceFields>;
  timeoutMs?: number;
}

function sync(store: CustomerStore, fake: FakeSalesforce, options: SyncOptions = {}) {
  const lines: string[] = [];
  const api =
    options.api ??
    new SalesforceApi(options.settings ?? jwt(fake), {
      retry: RETRY,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  const run = syncSalesforce({
    store,
    api,
    fields: { ...DEFAULT_SALESFORCE, ...options.fields },
    full: options.full ?? false,
    log: (l) => lines.push(l),
    pageSize: 500,
    linkUrl: LINK_URL,
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

const refusal = (message: string | RegExp) => (error: unknown) =>
  error instanceof CliError &&
  (typeof message === 'string' ? error.message === message : message.test(error.message));

for (const adapter of STORES) {
  describe(`Salesforce sync (${adapter.name})`, () => {
    let fake: FakeSalesforce;
    let store: CustomerStore;
    before(async () => {
      fake = await fakeWith(2_500);
      store = await adapter.open();
    });
    after(() => fake.stop());

    it('copies every contact on the first run, batch by batch, with Owner.Email as worker and a Lightning link', async () => {
      const run = await sync(store, fake).run;
      assert.equal(run.written, 2_500);
      assert.equal(run.skipped, 0);
      assert.equal(await store.count(), 2_500);
      assert.equal(fake.queries, 1);
      assert.equal(fake.pages, 5);
      assert.equal(fake.tokensIssued, 1);
      assert.match(
        fake.soql[0] ?? '',
        /^SELECT Id, SystemModstamp, .*Owner\.Email FROM Contact ORDER BY SystemModstamp, Id$/,
      );
      const stored = await store.getRecord(`salesforce:${id(7)}`);
      assert.deepEqual(stored?.record, {
        customer_id: `salesforce:${id(7)}`,
        display_name: 'First7 Last7',
        channels: [
          { type: 'sms', value: '+14155550007' },
          { type: 'email', value: 'c7@example.net' },
        ],
        links: [
          {
            type: 'Salesforce',
            value: `${LINK_URL}/lightning/r/Contact/${id(7)}/view`,
            display_name: 'Open in Salesforce',
          },
        ],
        workers: ['Ben@Example.com'],
      });
      assert.equal((await idsOf(store, BEN)).length, 1_250);
      const state = await store.syncState.get('salesforce');
      assert.notEqual(state.checkpoint, null);
      assert.equal(state.lastRun?.written, 2_500);
      assert.notEqual(state.lastRun?.finishedAt, null);
    });

    it('reads only what changed on the next run, and an owner change moves the customer to the new rep', async () => {
      const pages = fake.pages;
      fake.put('Contact', 7, { OwnerId: FakeSalesforce.id('User', 1) });
      fake.put('Contact', 8, { LastName: 'Renamed' });
      fake.put('Contact', 9001, contact(9001));
      const run = await sync(store, fake).run;
      // SOQL compares whole seconds: the checkpoint's second is read again (contact 2,500 alone in it), then the 3.
      assert.equal(run.written, 4);
      assert.equal(fake.pages - pages, 1);
      assert.match(
        fake.soql.at(-1) ?? '',
        / WHERE SystemModstamp >= \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ORDER BY/,
      );
      assert.ok((await idsOf(store, ANA)).includes(`salesforce:${id(7)}`));
      assert.ok(!(await idsOf(store, BEN)).includes(`salesforce:${id(7)}`));
      assert.equal((await store.getRecord(`salesforce:${id(8)}`))?.record.display_name, 'First8 Renamed');
      assert.equal(await store.count(), 2_501);
    });

    it('removes a contact deleted in Salesforce, from getDeleted', async () => {
      fake.delete('Contact', 10);
      // getDeleted's end has whole seconds: a deletion in this very second falls in the next run's window.
      await sleep(1_001 - (Date.now() % 1_000));
      const run = await sync(store, fake).run;
      assert.equal(run.deleted, 1);
      assert.equal(await store.getRecord(`salesforce:${id(10)}`), null);
      assert.equal(await store.count(), 2_500);
      // The next window overlaps the last one: the same deletion again removes nothing.
      assert.equal((await sync(store, fake).run).deleted, 0);
    });

    it('waits out a 429 as Retry-After says, and retries a 503 and REQUEST_LIMIT_EXCEEDED', async () => {
      fake.put('Contact', 11, { FirstName: 'Again' });
      fake.fail(
        { status: 429, retryAfter: 1 },
        { status: 503 },
        { status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      );
      const from = fake.statuses.length;
      const run = await sync(store, fake).run;
      assert.ok(run.written >= 1);
      assert.deepEqual(fake.statuses.slice(from, from + 5), [200, 429, 503, 403, 200]);
      assert.equal((await store.getRecord(`salesforce:${id(11)}`))?.record.display_name, 'Again Last11');
    });

    it('drops a stalled request and asks again', async () => {
      fake.put('Contact', 13, { FirstName: 'Stalled' });
      const tokens = fake.tokensIssued;
      fake.stall(3_000);
      const run = await sync(store, fake, { timeoutMs: 300 }).run;
      assert.ok(run.written >= 1);
      // The stalled request was the sign-in: it was asked again.
      assert.equal(fake.tokensIssued, tokens + 1);
      assert.equal((await store.getRecord(`salesforce:${id(13)}`))?.record.display_name, 'Stalled Last13');
    });

    it('skips a record it cannot map, saying which by Id and field, with no customer data in the line', async () => {
      fake.put('Contact', 12, { Phone: 'call me maybe' });
      const { run, lines } = sync(store, fake);
      const result = await run;
      assert.equal(result.skipped, 1);
      assert.deepEqual(lines, [`salesforce Contact ${id(12)} skipped: channels[0].value`]);
      assert.equal(result.errors, '1 invalid record skipped');
      assert.equal((await store.syncState.get('salesforce')).lastRun?.skipped, 1);
      assert.equal((await store.getRecord(`salesforce:${id(12)}`))?.record.display_name, 'First12 Last12');
    });

    it('renews an expired session once with a new JWT assertion', async () => {
      const api = new SalesforceApi(jwt(fake), { retry: RETRY });
      await sync(store, fake, { api }).run;
      const tokens = fake.tokensIssued;
      fake.expireSessions();
      fake.put('Contact', 14, { FirstName: 'Renewed' });
      const run = await sync(store, fake, { api }).run;
      assert.ok(run.written >= 1);
      assert.equal(fake.tokensIssued, tokens + 1);
      assert.equal((await store.getRecord(`salesforce:${id(14)}`))?.record.display_name, 'Renewed Last14');
    });

    it('says in one line when its deletion checkpoint is older than what Salesforce keeps, and --full mends it', async () => {
      const kept = fake.earliestDeleted;
      fake.earliestDeleted = Date.now() - 30_000;
      try {
        await assert.rejects(
          sync(store, fake).run,
          refusal(
            /^Salesforce no longer lists the Contact records deleted since \S+ \(it keeps about 15 days\): run frontline sync salesforce --once --full to remove them$/,
          ),
        );
      } finally {
        fake.earliestDeleted = kept;
      }
    });

    it('with --full removes the Salesforce customers Salesforce no longer has, and keeps every other customer', async () => {
      const session = await store.beginImport();
      await session.upsert([
        { customer_id: `salesforce:${id(999_999)}`, display_name: 'Gone', workers: [] },
        { customer_id: 'csv-1', display_name: 'From a file', workers: [] },
        { customer_id: 'hubspot:1', display_name: 'From HubSpot', workers: [] },
      ]);
      await session.commit();
      const run = await sync(store, fake, { full: true }).run;
      assert.equal(run.deleted, 1);
      assert.equal(await store.getRecord(`salesforce:${id(999_999)}`), null);
      assert.notEqual(await store.getRecord(`salesforce:${id(12)}`), null);
      assert.notEqual(await store.getRecord('csv-1'), null);
      assert.notEqual(await store.getRecord('hubspot:1'), null);
      assert.equal((await sync(store, fake).run).deleted, 0);
    });

    it('takes workers from extra e-mail fields too', async () => {
      fake.put('Contact', 15, { Second_Rep_Email__c: 'Cleo@Example.com' });
      await sync(store, fake, { fields: { workers: ['Owner.Email', 'Second_Rep_Email__c'] } }).run;
      assert.deepEqual((await store.getRecord(`salesforce:${id(15)}`))?.record.workers, [
        'Ben@Example.com',
        'Cleo@Example.com',
      ]);
      assert.ok((await idsOf(store, 'cleo@example.com')).includes(`salesforce:${id(15)}`));
    });

    it('a mapped field Salesforce does not have, or an object the user cannot read, is one line naming the fix', async () => {
      await assert.rejects(
        sync(store, fake, { fields: { displayName: ['Nickname__c'] } }).run,
        refusal(
          /^Salesforce refused the query \(INVALID_FIELD: No such column 'Nickname__c' on entity 'Contact'\..*\): fix that field in SYNC_MAPPING_FILE$/,
        ),
      );
      const hidden = await fakeWith(1);
      try {
        hidden.hide('Lead');
        await assert.rejects(
          sync(store, hidden, { fields: { objects: ['Contact', 'Lead'] } }).run,
          refusal(
            /^Salesforce refused the sync \(INVALID_TYPE: sObject type 'Lead' is not supported\..*\): give SALESFORCE_USERNAME Read on Contact \(and Lead\) and their mapped fields$/,
          ),
        );
      } finally {
        await hidden.stop();
      }
    });

    it('bad credentials are one line naming the setting, and the run is recorded with it', async () => {
      await assert.rejects(
        sync(store, fake, { settings: jwt(fake, { clientId: 'wrong' }) }).run,
        refusal(
          'Salesforce refused the JWT sign-in (invalid_client_id: client identifier invalid): set SALESFORCE_CLIENT_ID to the Connected App consumer key',
        ),
      );
      await assert.rejects(
        sync(store, fake, { settings: jwt(fake, { privateKey: createPrivateKey(jwtKeys().privatePem) }) })
          .run,
        refusal(
          'Salesforce refused the JWT sign-in (invalid_grant: invalid assertion): SALESFORCE_PRIVATE_KEY_FILE must match the certificate uploaded to the Connected App',
        ),
      );
      await assert.rejects(
        sync(store, fake, { settings: jwt(fake, { username: 'someone@example.com' }) }).run,
        refusal(
          /^Salesforce refused the JWT sign-in \(invalid_grant: user hasn't approved this consumer\): pre-authorize SALESFORCE_USERNAME/,
        ),
      );
      await assert.rejects(
        sync(store, fake, { settings: { kind: 'token', instanceUrl: fake.url, accessToken: 'expired' } }).run,
        refusal(
          /^Salesforce refused SALESFORCE_ACCESS_TOKEN \(INVALID_SESSION_ID\): the token expired or is invalid; set a new one/,
        ),
      );
      const { lastRun } = await store.syncState.get('salesforce');
      assert.match(lastRun?.errors ?? '', /^Salesforce refused SALESFORCE_ACCESS_TOKEN/);
    });

    it('with an access token that works needs no sign-in', async () => {
      const other = await fakeWith(3);
      try {
        const run = await sync(await adapter.open(), other, {
          settings: { kind: 'token', instanceUrl: other.url, accessToken: SF_ACCESS_TOKEN },
        }).run;
        assert.equal(run.written, 3);
        assert.equal(other.tokensIssued, 0);
      } finally {
        await other.stop();
      }
    });
  });

  describe(`Salesforce sync stopped midway (${adapter.name})`, () => {
    it('keeps every committed batch, and the next run resumes from there with nothing lost or doubled', async () => {
      const fake = await fakeWith(1_000);
      try {
        const store = await adapter.open();
        fake.breakAfter(1);
        await assert.rejects(sync(store, fake).run, {
          message: 'Salesforce answered 500 UNKNOWN_EXCEPTION after 4 attempts',
        });
        assert.equal(await store.count(), 500);
        const { lastRun } = await store.syncState.get('salesforce');
        assert.equal(lastRun?.errors, 'Salesforce answered 500 UNKNOWN_EXCEPTION after 4 attempts');
        fake.mend();
        const resumed = await sync(store, fake).run;
        // From the last committed batch's second (contacts 500 to 503 share it; 500 is read again): 501 of 1,000.
        assert.equal(resumed.written, 501);
        assert.equal(await store.count(), 1_000);
        assert.equal((await idsOf(store, ANA)).length, 500);
      } finally {
        await fake.stop();
      }
    });
  });

  describe(`Salesforce Leads beside Contacts (${adapter.name})`, () => {
    it('copies both under ids that never collide, and removes a Lead once it is converted', async () => {
      const fake = await fakeWith(3);
      try {
        const store = await adapter.open();
        for (let n = 1; n <= 3; n++)
          fake.put('Lead', n, {
            LastName: `Lead${n}`,
            Company: 'Acme',
            OwnerId: FakeSalesforce.id('User', 1),
          });
        const fields = { objects: ['Contact', 'Lead'] as const };
        const first = await sync(store, fake, { fields }).run;
        assert.equal(first.written, 6);
        assert.equal(await store.count(), 6);
        const lead = await store.getRecord(`salesforce:${FakeSalesforce.id('Lead', 1)}`);
        assert.equal(lead?.record.display_name, 'Lead1');
        assert.equal(
          lead?.record.links?.[0]?.value,
          `${LINK_URL}/lightning/r/Lead/${FakeSalesforce.id('Lead', 1)}/view`,
        );
        assert.match(fake.soql.at(-1) ?? '', /, IsConverted FROM Lead ORDER BY/);
        fake.put('Lead', 2, { IsConverted: true });
        const next = await sync(store, fake, { fields }).run;
        assert.equal(next.deleted, 1);
        assert.equal(await store.getRecord(`salesforce:${FakeSalesforce.id('Lead', 2)}`), null);
        assert.equal(await store.count(), 5);
      } finally {
        await fake.stop();
      }
    });
  });
}
