// A Conversations API call that fails for good logs its cause: the HTTP status and Twilio's error code, or the
// network error (ECONNREFUSED...), or a timeout, with a hint when there is one. Through the real twilio client and
// the onParticipantAdded webhook, against test/support/fake-twilio.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADDRESS_BOOK } from '../support/address-book.ts';
import { harness } from '../support/app-harness.ts';
import { sid, startFakeTwilio } from '../support/fake-twilio.ts';

const FAST = { webhookBudgetMs: 1500, lookupTimeoutMs: 1000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };
const CONVERSATION = sid('CH', 1);
const CUSTOMER = sid('MB', 1);
const FIELDS = {
  EventType: 'onParticipantAdded',
  AccountSid: `AC${'a'.repeat(32)}`,
  ChatServiceSid: sid('IS', 1),
  ConversationSid: CONVERSATION,
  ParticipantSid: CUSTOMER,
  'MessagingBinding.Type': 'sms',
  'MessagingBinding.Address': '+12125550199',
  'MessagingBinding.ProxyAddress': '+15005550006',
  Source: 'SMS',
  RetryCount: '0',
};

/** The webhook's answer and its one failure line, after `arrange` set the fake up. */
async function failure(
  arrange: (twilio: Awaited<ReturnType<typeof startFakeTwilio>>) => Promise<void> | void,
) {
  const twilio = await startFakeTwilio();
  twilio.addParticipant(CONVERSATION, { sid: CUSTOMER, identity: null, attributes: '{}' });
  const h = await harness(ADDRESS_BOOK, {}, { twilio, timing: FAST });
  try {
    await arrange(twilio);
    const response = await h.post('/callbacks/conversations', FIELDS);
    assert.equal(response.statusCode, 502, response.body);
    const lines = h
      .logEntries()
      .filter((entry) => String(entry.msg).startsWith('Conversations API call failed'));
    assert.equal(lines.length, 1, h.logs.join('\n'));
    assert.doesNotMatch(h.logs.join('\n'), /2125550199/);
    return {
      body: response.json() as { error: { message: string } },
      line: lines[0] as Record<string, unknown>,
    };
  } finally {
    await h.close();
    await twilio.close();
  }
}

describe('a failing Conversations API call says why', () => {
  test('an HTTP error: the status and Twilio’s code', async () => {
    const { line } = await failure((twilio) => twilio.failNext(1, 403, { code: 20403 }));
    assert.equal(line.cause, 'http');
    assert.equal(line.apiStatus, 403);
    assert.equal(line.twilioCode, 20403);
    assert.equal(line.level, 40);
    assert.match(String(line.msg), /answered 403 \(Twilio error 20403\)/);
  });

  test('a 401: the status, and the settings to check', async () => {
    const { line } = await failure((twilio) => twilio.failNext(1, 401, { code: 20003 }));
    assert.equal(line.apiStatus, 401);
    assert.equal(line.twilioCode, 20003);
    assert.match(String(line.msg), /check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/);
  });

  test('no answer at all: the network error code, in the log and in the 502', async () => {
    const { line, body } = await failure((twilio) => twilio.close());
    assert.equal(line.cause, 'network');
    assert.equal(line.networkCode, 'ECONNREFUSED');
    assert.match(String(line.msg), /could not be reached \(ECONNREFUSED\)/);
    assert.match(body.error.message, /could not be reached \(ECONNREFUSED\)/);
  });

  test('an API that never answers: a timeout', async () => {
    const { line } = await failure((twilio) => {
      twilio.delayMs = 10_000;
    });
    assert.equal(line.cause, 'timeout');
    assert.match(String(line.msg), /did not answer in time/);
  });
});
