import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADDRESS_BOOK, PAT_AVATAR } from '../support/address-book.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';

const URL_PATH = '/callbacks/conversations';
const CONVERSATION = sid('CH', 1);
const CUSTOMER = sid('MB', 1);
// Short pauses keep retries quick; the budget stays long enough for a cold start on a loaded CI machine.
const FAST = { webhookBudgetMs: 3000, lookupTimeoutMs: 1000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };
// How far past its budget a request may end: a bound on the deadline logic, not a performance measure.
const SLACK_MS = 1500;

const participantAdded = (address: string, extra: Record<string, string> = {}) => ({
  EventType: 'onParticipantAdded',
  AccountSid: `AC${'a'.repeat(32)}`,
  ChatServiceSid: sid('IS', 1),
  ConversationSid: CONVERSATION,
  ParticipantSid: CUSTOMER,
  'MessagingBinding.Type': 'sms',
  'MessagingBinding.Address': address,
  'MessagingBinding.ProxyAddress': '+15005550006',
  Source: 'SMS',
  RetryCount: '0',
  ...extra,
});

const attributesOf = (twilio: FakeTwilio) =>
  JSON.parse(twilio.participants(CONVERSATION).find((p) => p.sid === CUSTOMER)?.attributes ?? 'null');

describe('Conversations webhook: onParticipantAdded', () => {
  let twilio: FakeTwilio;
  let h: Harness;
  before(async () => {
    twilio = await startFakeTwilio();
    h = await harness(ADDRESS_BOOK, {}, { twilio, timing: FAST });
  });
  after(async () => {
    await h.close();
    await twilio.close();
  });
  beforeEach(() => {
    twilio.reset();
    h.logs.length = 0;
  });
  const customerJoins = (attributes = '{}') =>
    twilio.addParticipant(CONVERSATION, { sid: CUSTOMER, identity: null, attributes });

  test('writes customer_id, display_name and avatar, merged with the attributes already there', async () => {
    customerJoins(JSON.stringify({ source: 'sms', customer_id: 'stale' }));
    const response = await h.post(URL_PATH, participantAdded('+12125550199'));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { participant: 'updated' });
    assert.deepEqual(attributesOf(twilio), {
      source: 'sms',
      customer_id: 'p1',
      display_name: 'Pat Phone',
      avatar: PAT_AVATAR,
    });
    const path = `/v1/Conversations/${CONVERSATION}/Participants/${CUSTOMER}`;
    assert.deepEqual(
      twilio.calls.map((c) => `${c.method} ${c.path}`),
      [`GET ${path}`, `POST ${path}`],
    );
    assert.deepEqual(Object.keys(twilio.calls[1]?.form ?? {}), ['Attributes']);
  });

  test('finds the customer whatever the spelling, through the channel of the matching type', async () => {
    const cases: [string, string][] = [
      ['+1 212-555-0199', 'p1'],
      ['+12125550199', 'p1'],
      ['whatsapp:+12125550199', 'p1'],
      ['+1 (312) 555-0142', 'p2'],
      ['whatsapp:+13125550142', 'p3'],
      ['WhatsApp:+1 312 555 0142', 'p3'],
    ];
    for (const [address, expected] of cases) {
      twilio.reset();
      customerJoins();
      const response = await h.post(URL_PATH, participantAdded(address));
      assert.equal(response.statusCode, 200, address);
      assert.equal(attributesOf(twilio).customer_id, expected, address);
    }
  });

  test('a customer without avatar gets no avatar attribute', async () => {
    customerJoins();
    await h.post(URL_PATH, participantAdded('+13125550142'));
    assert.deepEqual(attributesOf(twilio), { customer_id: 'p2', display_name: 'Sam Sms' });
  });

  test('nothing is written when the attributes already say it all', async () => {
    customerJoins(
      JSON.stringify({ other: 1, customer_id: 'p1', display_name: 'Pat Phone', avatar: PAT_AVATAR }),
    );
    const response = await h.post(URL_PATH, participantAdded('+12125550199'));
    assert.deepEqual(response.json(), { participant: 'unchanged' });
    assert.deepEqual(
      twilio.calls.map((c) => c.method),
      ['GET'],
    );
  });

  test('retries with backoff while the conversation is initializing, then succeeds', async () => {
    customerJoins();
    twilio.failNext(2, 404, { method: 'GET' });
    twilio.failNext(1, 409, { method: 'POST' });
    const response = await h.post(URL_PATH, participantAdded('+12125550199'));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { participant: 'updated' });
    assert.deepEqual(
      twilio.calls.map((c) => `${c.method} ${c.status}`),
      ['GET 404', 'GET 404', 'GET 200', 'POST 409', 'GET 200', 'POST 200'],
    );
    assert.equal(attributesOf(twilio).customer_id, 'p1');
    const retries = h.logEntries().filter((entry) => entry.msg === 'Conversations API not ready; retrying');
    assert.deepEqual(
      retries.map((entry) => entry.delayMs),
      [10, 20, 40],
    );
  });

  test('gives up inside the budget and answers 502, which Twilio records', async () => {
    customerJoins();
    twilio.failNext(1000, 404);
    const started = Date.now();
    const response = await h.post(URL_PATH, participantAdded('+12125550199'));
    const elapsed = Date.now() - started;
    assert.equal(response.statusCode, 502);
    assert.equal(response.json().error.code, 'conversations_api_failed');
    assert.match(response.json().error.message, /404.*attempts/);
    assert.ok(elapsed < FAST.webhookBudgetMs + SLACK_MS, `${elapsed} ms`);
    assert.ok(twilio.calls.length >= 4, `${twilio.calls.length} calls`);
  });

  test('an API that does not answer is abandoned inside the budget', async () => {
    customerJoins();
    twilio.delayMs = 10_000;
    const started = Date.now();
    const response = await h.post(URL_PATH, participantAdded('+12125550199'));
    assert.equal(response.statusCode, 502);
    assert.match(response.json().error.message, /did not answer in time/);
    assert.ok(Date.now() - started < FAST.webhookBudgetMs + SLACK_MS);
  });

  test('an error that a retry cannot cure (401, 403) fails at once', async () => {
    customerJoins();
    twilio.failNext(1, 403);
    const response = await h.post(URL_PATH, participantAdded('+12125550199'));
    assert.equal(response.statusCode, 502);
    assert.equal(twilio.calls.length, 1);
  });

  test('an unknown address is left alone and logged, without the address', async () => {
    customerJoins();
    for (const address of ['+16465550100', 'someone@else.example', 'not a number']) {
      const response = await h.post(URL_PATH, participantAdded(address));
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { participant: 'unknown_customer' });
    }
    assert.equal(twilio.calls.length, 0);
    assert.ok(h.logEntries().some((entry) => entry.outcome === 'unknown_customer'));
    assert.doesNotMatch(h.logs.join('\n'), /6465550100|someone@else|not a number/);
  });

  test('a worker (an Identity, no address) is no customer: nothing is done', async () => {
    for (const fields of [
      participantAdded('', { Identity: 'alice@example.com' }),
      { ...participantAdded('+12125550199'), Identity: 'alice@example.com' },
    ]) {
      const response = await h.post(URL_PATH, fields);
      assert.deepEqual(response.json(), { participant: 'not_a_customer' });
    }
    assert.equal(twilio.calls.length, 0);
  });

  test('malformed SIDs are a 400 naming the field, and never reach the API', async () => {
    for (const [field, value] of [
      ['ConversationSid', '../../Services'],
      ['ParticipantSid', 'MB123'],
      ['ConversationSid', ''],
    ] as const) {
      const response = await h.post(URL_PATH, participantAdded('+12125550199', { [field]: value }));
      assert.equal(response.statusCode, 400, `${field}=${value}`);
      assert.equal(response.json().error.code, 'bad_request');
      assert.match(response.json().error.message, new RegExp(field));
    }
    assert.equal(twilio.calls.length, 0);
  });

  test('logs carry no customer data', async () => {
    customerJoins();
    await h.post(URL_PATH, participantAdded('+12125550199'));
    assert.doesNotMatch(h.logs.join('\n'), /Pat Phone|2125550199|img\.example|"p1"/);
  });
});

describe('Conversations webhook: onConversationAdd and other events', () => {
  let h: Harness;
  before(async () => {
    h = await harness(ADDRESS_BOOK, {}, { timing: FAST });
  });
  after(() => h.close());

  const conversationAdd = (address: string | undefined, extra: Record<string, string> = {}) =>
    h.post(URL_PATH, {
      EventType: 'onConversationAdd',
      ChatServiceSid: sid('IS', 1),
      Source: 'SMS',
      ...(address === undefined ? {} : { 'MessagingBinding.Address': address }),
      'MessagingBinding.ProxyAddress': '+15005550006',
      ...extra,
    });

  test('names an inbound conversation after its customer, with the avatar in its attributes', async () => {
    const response = await conversationAdd('+1 212 555 0199', { Attributes: '{"topic":"sales"}' });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.friendly_name, 'Pat Phone');
    assert.deepEqual(JSON.parse(body.attributes), { topic: 'sales', avatar: PAT_AVATAR });
  });

  test('a customer without avatar: the name only; an unknown address: named after the address', async () => {
    assert.deepEqual((await conversationAdd('+13125550142')).json(), { friendly_name: 'Sam Sms' });
    assert.deepEqual((await conversationAdd('whatsapp:+13125550142')).json(), {
      friendly_name: 'Wanda Whats',
    });
    assert.deepEqual((await conversationAdd('+16465550100')).json(), { friendly_name: '+16465550100' });
    assert.deepEqual((await conversationAdd('not a number')).json(), { friendly_name: 'not a number' });
  });

  test('a conversation with no address (created through the API) is left as it is', async () => {
    const response = await conversationAdd(undefined);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {});
  });

  test('works without TWILIO_ACCOUNT_SID: it needs no API call', async () => {
    assert.equal(h.config.callbacks.accountSid, undefined);
    assert.equal((await conversationAdd('+12125550199')).json().friendly_name, 'Pat Phone');
  });

  test('onParticipantAdded without TWILIO_ACCOUNT_SID is a clear 503 not_configured', async () => {
    const response = await h.post(URL_PATH, participantAdded('+12125550199'));
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().error.code, 'not_configured');
    assert.match(response.json().error.message, /TWILIO_ACCOUNT_SID/);
  });

  test('other events are answered 200 with nothing to change', async () => {
    for (const EventType of ['onMessageUpdated', 'onMessageAdd', 'onConversationRemoved', 'onSomethingNew']) {
      const response = await h.post(URL_PATH, { EventType, ConversationSid: CONVERSATION, Body: 'hello' });
      assert.equal(response.statusCode, 200, EventType);
      assert.deepEqual(response.json(), {});
    }
  });

  test('a missing EventType is a 400', async () => {
    const response = await h.post(URL_PATH, { ConversationSid: CONVERSATION });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error.message, /EventType/);
  });
});

describe('onConversationAdd never fails', () => {
  test('a store that hangs: answered within the lookup timeout, named after the address', async () => {
    const h = await harness(ADDRESS_BOOK, {}, { timing: FAST });
    try {
      h.store.findByAddress = () => new Promise(() => {});
      const started = Date.now();
      const response = await h.post(URL_PATH, {
        EventType: 'onConversationAdd',
        'MessagingBinding.Address': '+12125550199',
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { friendly_name: '+12125550199' });
      assert.ok(Date.now() - started < FAST.lookupTimeoutMs + SLACK_MS, `${Date.now() - started} ms`);
    } finally {
      await h.close();
    }
  });

  test('a closed store: still 200, named after the address, logged without it', async () => {
    const h = await harness(ADDRESS_BOOK, {}, { timing: FAST });
    try {
      await h.store.close();
      const response = await h.post(URL_PATH, {
        EventType: 'onConversationAdd',
        'MessagingBinding.Address': 'whatsapp:+12125550199',
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { friendly_name: 'whatsapp:+12125550199' });
      assert.ok(h.logEntries().some((entry) => entry.outcome === 'lookup_failed'));
      assert.doesNotMatch(h.logs.join('\n'), /2125550199/);
    } finally {
      await h.app.close();
    }
  });
});
