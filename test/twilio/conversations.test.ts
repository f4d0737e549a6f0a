import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConversationsApiError } from '../../src/twilio/conversations.ts';
import { DeadlineExceeded, retryWithin } from '../../src/twilio/retry.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';

describe('the Conversations API port, over the real twilio client', () => {
  let twilio: FakeTwilio;
  before(async () => {
    twilio = await startFakeTwilio();
  });
  after(() => twilio.close());

  test('fetches and updates a participant, and adds a worker once', async () => {
    const api = await twilio.api();
    const [conversation, participant] = [sid('CH', 1), sid('MB', 1)];
    twilio.addParticipant(conversation, { sid: participant, identity: null, attributes: '{"a":1}' });
    assert.deepEqual(await api.fetchParticipant(conversation, participant), {
      sid: participant,
      identity: null,
      attributes: '{"a":1}',
    });
    await api.updateParticipantAttributes(conversation, participant, '{"a":2}');
    assert.equal(twilio.participants(conversation)[0]?.attributes, '{"a":2}');
    assert.equal(await api.addWorker(conversation, 'alice@example.com'), 'added');
    assert.equal(await api.addWorker(conversation, 'alice@example.com'), 'already_there');
  });

  test('errors carry Twilio’s status and code, never its text', async () => {
    const api = await twilio.api();
    const error = await api.fetchParticipant(sid('CH', 404), sid('MB', 1)).catch((e: unknown) => e);
    assert.ok(error instanceof ConversationsApiError);
    assert.equal(error.status, 404);
    assert.equal(error.twilioCode, 20404);
    assert.equal(error.retryable, true);
    assert.equal(error.message, 'the Conversations API answered 404 (Twilio error 20404)');
    for (const [status, retryable] of [
      [401, false],
      [403, false],
      [400, false],
      [409, true],
      [429, true],
      [500, true],
    ] as const)
      assert.equal(new ConversationsApiError(status, undefined).retryable, retryable, String(status));
  });

  test('wrong credentials are a 401, not worth a retry', async () => {
    const api = await twilio.api('wrong-token');
    const error = await api.addWorker(sid('CH', 1), 'alice@example.com').catch((e: unknown) => e);
    assert.ok(error instanceof ConversationsApiError);
    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
  });

  test('an unreachable API is an error without status, worth a retry', async () => {
    const gone = await startFakeTwilio();
    const api = await gone.api();
    await gone.close();
    const error = await api.fetchParticipant(sid('CH', 1), sid('MB', 1)).catch((e: unknown) => e);
    assert.ok(error instanceof ConversationsApiError);
    assert.equal(error.status, undefined);
    assert.equal(error.retryable, true);
  });
});

describe('retryWithin', () => {
  const options = { budgetMs: 200, firstDelayMs: 10, maxDelayMs: 30, retryable: () => true };

  test('pauses 10, 20, 30, 30… ms between attempts', async () => {
    const pauses: number[] = [];
    let attempts = 0;
    const result = await retryWithin(
      async () => {
        attempts += 1;
        if (attempts <= 4) throw new Error('not yet');
        return 'done';
      },
      { ...options, budgetMs: 60_000, onRetry: (_error, _attempt, delay) => pauses.push(delay) },
    );
    assert.equal(result, 'done');
    assert.deepEqual(pauses, [10, 20, 30, 30]);
  });

  test('gives up with the last error once the budget is spent', async () => {
    let attempts = 0;
    await assert.rejects(
      retryWithin(async () => {
        attempts += 1;
        throw new Error('no');
      }, options),
      /no/,
    );
    assert.ok(attempts >= 2, `${attempts} attempts`);
  });

  test('an attempt still running at the end of the budget is abandoned', async () => {
    await assert.rejects(
      retryWithin(() => new Promise(() => {}), options),
      (error) => error instanceof DeadlineExceeded,
    );
  });

  test('an error that is not retryable ends at once', async () => {
    let attempts = 0;
    await assert.rejects(
      retryWithin(
        async () => {
          attempts += 1;
          throw new Error('for good');
        },
        { ...options, retryable: () => false },
      ),
    );
    assert.equal(attempts, 1);
  });
});
