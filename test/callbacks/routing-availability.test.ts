// Routing by availability, against the fake Frontline API's Users (the real twilio client): skipping reps who are
// unavailable or deactivated, the cache, a failing or slow API, least_busy and identity spelling, on every store.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADDRESS_BOOK } from '../support/address-book.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB } from '../support/book.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import { STORES } from '../support/stores.ts';

const URL_PATH = '/callbacks/routing';
const FAST = {
  routingBudgetMs: 3000,
  lookupTimeoutMs: 1000,
  firstRetryDelayMs: 10,
  maxRetryDelayMs: 40,
  // Long enough for the twilio client's first call on a loaded machine; the slow-API test shortens it.
  availabilityTimeoutMs: 1000,
};
const POOL = { ROUTING_WORKERS: 'carol@example.com,dave@example.com,erin@example.com' };
const KNOWN = '+12125550199'; // Pat Phone: ALICE, then BOB
const STRANGER = '+16465550100';

for (const store of STORES)
  describe(`routing by availability (${store.name})`, () => {
    let twilio: FakeTwilio;
    const harnesses: Harness[] = [];
    let next = 1;
    before(async () => {
      twilio = await startFakeTwilio();
    });
    after(async () => {
      for (const h of harnesses) await h.close();
      await twilio.close();
    });
    beforeEach(() => twilio.reset());

    const app = async (env: Record<string, string> = {}, timing = FAST) => {
      const h = await harness(ADDRESS_BOOK, env, { twilio, timing, store });
      harnesses.push(h);
      return h;
    };
    const route = async (h: Harness, address: string) => {
      const conversationSid = sid('CH', next++);
      twilio.addParticipant(conversationSid, { sid: sid('MB', next), identity: null, attributes: '{}' });
      const response = await h.post(URL_PATH, {
        ConversationSid: conversationSid,
        'MessagingBinding.Address': address,
      });
      assert.equal(response.statusCode, 200, response.body);
      const worker = twilio.participants(conversationSid).find((p) => p.identity !== null)?.identity;
      return { via: response.json().routed_via as string, worker };
    };
    const userCalls = () => twilio.calls.filter((c) => c.path.startsWith('/v1/Users/')).length;
    const person = (identity: string, isAvailable: boolean, state: 'active' | 'deactivated' = 'active') =>
      twilio.setUser({ identity, isAvailable, state });

    test('the assigned worker who is away is skipped for the next assigned one', async () => {
      const h = await app(POOL);
      person(ALICE, false);
      person(BOB, true);
      assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: BOB });
    });

    test('with every assigned worker away or deactivated, the pool takes it, skipping its absent reps', async () => {
      const h = await app(POOL);
      person(ALICE, false);
      person(BOB, true, 'deactivated');
      person('carol@example.com', false);
      person('dave@example.com', true, 'deactivated');
      person('erin@example.com', true);
      assert.deepEqual(await route(h, KNOWN), { via: 'round_robin', worker: 'erin@example.com' });
    });

    test('nobody there: the first rep who is merely unavailable takes it', async () => {
      const h = await app({ ROUTING_DEFAULT_WORKER: 'dave@example.com' });
      person(ALICE, true, 'deactivated');
      person(BOB, false);
      person('dave@example.com', false);
      assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: BOB });
      assert.ok(h.logEntries().some((e) => e.msg === 'no rep is available; routing to one who is not'));
    });

    test('a rep Frontline does not know (404) is routed to as without availability', async () => {
      const h = await app();
      assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: ALICE });
      assert.equal(userCalls(), 1);
    });

    test('ROUTING_AVAILABILITY=off asks nobody', async () => {
      const h = await app({ ROUTING_AVAILABILITY: 'off' });
      person(ALICE, false);
      assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: ALICE });
      assert.equal(userCalls(), 0);
    });

    test('answers are cached for the TTL: a burst asks once per rep; TTL 0 asks every time', async () => {
      const cached = await app();
      person(ALICE, true);
      for (let n = 0; n < 3; n += 1) await route(cached, KNOWN);
      assert.equal(userCalls(), 1);
      // Cached, so a change in Frontline shows only after the TTL.
      person(ALICE, false);
      assert.equal((await route(cached, KNOWN)).worker, ALICE);

      twilio.reset();
      const uncached = await app({ ROUTING_AVAILABILITY_TTL_SECONDS: '0' });
      person(ALICE, true);
      for (let n = 0; n < 2; n += 1) await route(uncached, KNOWN);
      assert.equal(userCalls(), 2);
      person(ALICE, false);
      person(BOB, true);
      assert.equal((await route(uncached, KNOWN)).worker, BOB);
    });

    test('a failing Frontline API: routing without availability, logged once for the episode', async () => {
      const h = await app({ ROUTING_AVAILABILITY_TTL_SECONDS: '0' });
      person(ALICE, false);
      twilio.failNext(1000, 500, { path: '/v1/Users/' });
      for (let n = 0; n < 3; n += 1)
        assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: ALICE });
      const lines = h
        .logEntries()
        .filter((e) => e.msg === 'Frontline API failed; routing without availability');
      assert.equal(lines.length, 1);
      assert.equal(lines[0]?.level, 50);
      assert.equal(lines[0]?.apiStatus, 500);
      // Asked once, not per conversation: the outage is retried only every few seconds.
      assert.equal(userCalls(), 1);
      assert.doesNotMatch(h.logs.join('\n'), /alice|2125550199/i);
    });

    test('a slow Frontline API is given up on within its timeout', async () => {
      const h = await app({}, { ...FAST, availabilityTimeoutMs: 200 });
      person(ALICE, false);
      twilio.delayMs = 600;
      assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: ALICE });
      const line = h.logEntries().find((e) => e.msg === 'Frontline API failed; routing without availability');
      assert.equal(line?.error, 'DeadlineExceeded');
    });

    test('least_busy: the available pool rep with the fewest conversations routed in the window', async () => {
      const h = await app({
        ROUTING_WORKERS: 'carol@example.com,dave@example.com',
        ROUTING_POOL: 'least_busy',
        ROUTING_AVAILABILITY_TTL_SECONDS: '0',
      });
      person('carol@example.com', true);
      person('dave@example.com', true);
      const workers = [];
      for (let n = 0; n < 4; n += 1) workers.push((await route(h, STRANGER)).worker);
      assert.deepEqual(workers, [
        'carol@example.com',
        'dave@example.com',
        'carol@example.com',
        'dave@example.com',
      ]);
      assert.equal((await route(h, STRANGER)).via, 'least_busy');
      const since = new Date(Date.now() - 3_600_000);
      const counts = await h.store.routingState.routedSince(['carol@example.com', 'dave@example.com'], since);
      assert.deepEqual(Object.fromEntries(counts), { 'carol@example.com': 3, 'dave@example.com': 2 });
      // dave is the less busy, but away: carol, who is there, takes it.
      person('dave@example.com', false);
      assert.deepEqual(await route(h, STRANGER), { via: 'least_busy', worker: 'carol@example.com' });
    });

    test('identity spelling: the worker is added as their own callbacks spell it, and the difference logged', async () => {
      const h = await app({ ROUTING_AVAILABILITY: 'off' });
      const spelled = 'Alice@Example.com';
      assert.equal(
        (await h.crm({ Location: 'GetCustomersList', Worker: spelled, PageSize: '5' })).statusCode,
        200,
      );
      await waitFor(async () => (await h.store.routingState.knownIdentity(ALICE)) === spelled);
      assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: spelled });
      const line = h.logEntries().find((e) => e.spelling !== undefined);
      assert.equal(line?.spelling, 'callbacks');
      assert.doesNotMatch(h.logs.join('\n'), /alice@/i);
    });

    test("identity spelling: the Frontline API's identity wins over the CRM's", async () => {
      const h = await app();
      const spelled = 'ALICE@example.com';
      await h.crm({ Location: 'GetCustomersList', Worker: spelled, PageSize: '5' });
      await waitFor(async () => (await h.store.routingState.knownIdentity(ALICE)) === spelled);
      person(spelled, true);
      assert.deepEqual(await route(h, KNOWN), { via: 'assigned', worker: spelled });
      assert.equal(h.logEntries().find((e) => e.spelling !== undefined)?.spelling, 'frontline_api');
    });
  });

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let n = 0; n < 100; n += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('condition not met within 2 s');
}
