import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, BOOK } from '../support/book.ts';

const URL_PATH = '/callbacks/outgoing-conversation';
const NUMBERS = {
  TWILIO_SMS_NUMBER: '+15005550006',
  TWILIO_WHATSAPP_NUMBER: '+1 415 523 8886',
  TWILIO_WORKER_NUMBERS: 'Alice@Example.com=+15005550007, alice@example.com=whatsapp:+15005550008',
};

const proxy = (h: Harness, worker: string, customerId: string, channelType: string) =>
  h.post(URL_PATH, {
    Location: 'GetProxyAddress',
    Worker: worker,
    CustomerId: customerId,
    ChannelType: channelType,
    ChannelValue: '+12125550199',
  });

describe('GetProxyAddress', () => {
  let h: Harness;
  before(async () => {
    h = await harness(BOOK, NUMBERS);
  });
  after(() => h.close());

  test('answers the business number of the channel type', async () => {
    const sms = await proxy(h, BOB, 'b1', 'sms');
    assert.equal(sms.statusCode, 200, sms.body);
    assert.deepEqual(sms.json(), { proxy_address: '+15005550006' });
    assert.deepEqual((await proxy(h, BOB, 'b1', 'whatsapp')).json(), {
      proxy_address: 'whatsapp:+14155238886',
    });
    assert.deepEqual((await proxy(h, BOB, 'b1', 'WhatsApp')).json(), {
      proxy_address: 'whatsapp:+14155238886',
    });
  });

  test('a worker with their own numbers gets them, matched case-insensitively', async () => {
    assert.deepEqual((await proxy(h, ALICE, 'a1', 'sms')).json(), { proxy_address: '+15005550007' });
    assert.deepEqual((await proxy(h, 'ALICE@example.com', 'a1', 'whatsapp')).json(), {
      proxy_address: 'whatsapp:+15005550008',
    });
  });

  test('no number for the channel: 403 with a JSON error', async () => {
    for (const channel of ['chat', 'email', 'fax']) {
      const response = await proxy(h, BOB, 'b1', channel);
      assert.equal(response.statusCode, 403, channel);
      assert.equal(response.json().error.code, 'no_proxy_address');
    }
  });

  test('an unknown and an invisible customer get the CRM callback’s very same 404', async () => {
    const unknown = await proxy(h, ALICE, 'no-such-id', 'sms');
    const invisible = await proxy(h, ALICE, 'b2', 'sms');
    for (const response of [unknown, invisible]) {
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'customer_not_found');
    }
    assert.equal(unknown.body, invisible.body);
    const details = await h.crm({
      Location: 'GetCustomerDetailsByCustomerId',
      Worker: ALICE,
      CustomerId: 'b2',
    });
    assert.equal(details.body, invisible.body);
  });

  test('missing fields are a 400 naming them; another Location is a 422', async () => {
    for (const [field, fields] of [
      ['CustomerId', { Location: 'GetProxyAddress', Worker: ALICE, ChannelType: 'sms' }],
      ['ChannelType', { Location: 'GetProxyAddress', Worker: ALICE, CustomerId: 'a1' }],
      ['Worker', { Location: 'GetProxyAddress', CustomerId: 'a1', ChannelType: 'sms' }],
    ] as const) {
      const response = await h.post(URL_PATH, fields);
      assert.equal(response.statusCode, 400, field);
      assert.match(response.json().error.message, new RegExp(field));
    }
    const other = await h.post(URL_PATH, { Location: 'GetCustomersList', Worker: ALICE });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'unknown_location');
  });
});

describe('GetProxyAddress configuration', () => {
  test('only an SMS number: WhatsApp gets the 403', async () => {
    const h = await harness(BOOK, { TWILIO_SMS_NUMBER: '+15005550006' });
    try {
      assert.equal((await proxy(h, BOB, 'b1', 'sms')).statusCode, 200);
      assert.equal((await proxy(h, BOB, 'b1', 'whatsapp')).statusCode, 403);
    } finally {
      await h.close();
    }
  });

  test('no number at all: 503 not_configured naming the settings, while the CRM callback runs', async () => {
    const h = await harness(BOOK);
    try {
      const response = await proxy(h, BOB, 'b1', 'sms');
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().error.code, 'not_configured');
      assert.match(response.json().error.message, /TWILIO_SMS_NUMBER/);
      assert.equal((await h.crm({ Location: 'GetCustomersList', Worker: BOB })).statusCode, 200);
    } finally {
      await h.close();
    }
  });
});
