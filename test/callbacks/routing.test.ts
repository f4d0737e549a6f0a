import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADDRESS_BOOK } from '../support/address-book.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE } from '../support/book.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';

const URL_PATH = '/callbacks/routing';
// Short pauses keep retries quick; the budget stays long enough for a cold start on a loaded CI machine.
const FAST = { routingBudgetMs: 3000, lookupTimeoutMs: 1000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };
// How far past its budget a request may end: a bound on the deadline logic, not a performance measure.
const SLACK_MS = 1500;

describe('custom routing', () => {
  let twilio: FakeTwilio;
  const harnesses: Harness[] = [];
  before(async () => {
    twilio = await startFakeTwilio();
  });
  after(async () => {
    for (const h of harnesses) await h.close();
    await twilio.close();
  });
  beforeEach(() => twilio.reset());

  // These tests are of routing without availability (routing-availability.test.ts has it on).
  const app = async (env: Record<string, string> = {}) => {
    const h = await harness(ADDRESS_BOOK, { ROUTING_AVAILABILITY: 'off', ...env }, { twilio, timing: FAST });
    harnesses.push(h);
    return h;
  };
  /** A new inbound conversation from `address`, known to the fake API with its customer participant. */
  const route = (h: Harness, address: string | undefined, n = 1) => {
    const conversationSid = sid('CH', n);
    twilio.addParticipant(conversationSid, { sid: sid('MB', n), identity: null, attributes: '{}' });
    return h.post(URL_PATH, {
      ConversationSid: conversationSid,
      FriendlyName: 'New conversation',
      Attributes: '{}',
      State: 'active',
      ...(address === undefined ? {} : { 'MessagingBinding.Address': address }),
      'MessagingBinding.ProxyAddress': '+15005550006',
    });
  };
  const added = () => twilio.calls.filter((c) => c.status === 201).map((c) => c.form.Identity);

  test('adds the worker assigned to the customer at the address', async () => {
    const h = await app({ ROUTING_DEFAULT_WORKER: 'dave@example.com' });
    const response = await route(h, '+1 (212) 555-0199');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { routed_via: 'assigned' });
    assert.deepEqual(twilio.calls, [
      {
        method: 'POST',
        path: `/v1/Conversations/${sid('CH', 1)}/Participants`,
        form: { Identity: ALICE },
        status: 201,
      },
    ]);
    assert.deepEqual(
      twilio.participants(sid('CH', 1)).map((p) => p.identity),
      [null, ALICE],
    );
  });

  test('an unknown customer, or one with no worker, goes to the default worker', async () => {
    const h = await app({ ROUTING_DEFAULT_WORKER: 'dave@example.com' });
    assert.deepEqual((await route(h, '+16465550100', 1)).json(), { routed_via: 'default' });
    assert.deepEqual((await route(h, '+44 7700 900123', 2)).json(), { routed_via: 'default' });
    assert.deepEqual((await route(h, undefined, 3)).json(), { routed_via: 'default' });
    assert.deepEqual(added(), ['dave@example.com', 'dave@example.com', 'dave@example.com']);
  });

  test('or, with ROUTING_WORKERS, to each of the list in turn', async () => {
    const h = await app({ ROUTING_WORKERS: 'carol@example.com, dave@example.com,erin@example.com' });
    for (let n = 1; n <= 4; n += 1)
      assert.deepEqual((await route(h, '+16465550100', n)).json(), { routed_via: 'round_robin' });
    assert.deepEqual(added(), [
      'carol@example.com',
      'dave@example.com',
      'erin@example.com',
      'carol@example.com',
    ]);
    assert.deepEqual((await route(h, '+12125550199', 5)).json(), { routed_via: 'assigned' });
  });

  test('retries while the conversation is initializing', async () => {
    const h = await app();
    twilio.failNext(2, 404);
    const response = await route(h, '+12125550199');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      twilio.calls.map((c) => c.status),
      [404, 404, 201],
    );
  });

  test('a worker already in the conversation (a retried routing) is a success', async () => {
    const h = await app();
    twilio.addParticipant(sid('CH', 1), { sid: sid('MB', 9), identity: ALICE, attributes: '{}' });
    const response = await route(h, '+12125550199');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      twilio.calls.map((c) => c.status),
      [409],
    );
  });

  test('a failure is logged and answered 502 inside the budget, so that Twilio records it', async () => {
    const h = await app();
    twilio.failNext(1000, 503);
    const started = Date.now();
    const response = await route(h, '+12125550199');
    assert.equal(response.statusCode, 502);
    assert.equal(response.json().error.code, 'conversations_api_failed');
    assert.ok(Date.now() - started < FAST.routingBudgetMs + SLACK_MS);
    assert.ok(twilio.calls.length > 2);
    const failure = h
      .logEntries()
      .find((entry) => String(entry.msg).startsWith('Conversations API call failed: '));
    assert.equal(failure?.apiStatus, 503);
    assert.equal(failure?.cause, 'http');
    assert.equal(failure?.via, 'assigned');
    assert.doesNotMatch(h.logs.join('\n'), /alice|2125550199|Pat Phone/i);
  });

  test('a directory that fails routes to the fallback rather than to nobody', async () => {
    const h = await app({ ROUTING_DEFAULT_WORKER: 'dave@example.com' });
    const original = h.store.findByAddress;
    h.store.findByAddress = async () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    try {
      assert.deepEqual((await route(h, '+12125550199')).json(), { routed_via: 'default' });
    } finally {
      h.store.findByAddress = original;
    }
  });

  test('no worker and no fallback: 503 not_configured naming the settings, no API call', async () => {
    const h = await app();
    const response = await route(h, '+16465550100');
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().error.code, 'not_configured');
    assert.match(response.json().error.message, /ROUTING_DEFAULT_WORKER.*ROUTING_WORKERS/);
    assert.equal(twilio.calls.length, 0);
  });

  test('a missing or malformed ConversationSid is a 400', async () => {
    const h = await app();
    for (const fields of [{}, { ConversationSid: 'CH/../../Services' }] as Record<string, string>[]) {
      const response = await h.post(URL_PATH, { 'MessagingBinding.Address': '+12125550199', ...fields });
      assert.equal(response.statusCode, 400);
      assert.match(response.json().error.message, /ConversationSid/);
    }
    assert.equal(twilio.calls.length, 0);
  });
});

describe('custom routing without TWILIO_ACCOUNT_SID', () => {
  test('answers 503 not_configured naming the settings', async () => {
    const h = await harness(ADDRESS_BOOK, { ROUTING_DEFAULT_WORKER: 'dave@example.com' });
    try {
      const response = await h.post(URL_PATH, { ConversationSid: sid('CH', 1) });
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().error.code, 'not_configured');
      assert.match(response.json().error.message, /TWILIO_ACCOUNT_SID/);
    } finally {
      await h.close();
    }
  });
});
