// Two service instances on one PostgreSQL database, as behind a load balancer: the ROUTING_WORKERS round robin keeps
// its turn in the store, so conversations alternating between the instances still go to each rep in turn.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, harness } from '../support/app-harness.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import { POSTGRES } from '../support/stores.ts';

const FAST = { routingBudgetMs: 3000, lookupTimeoutMs: 1000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };
const WORKERS = ['carol@example.com', 'dave@example.com', 'erin@example.com'];

describe('round robin across two instances on one PostgreSQL database', () => {
  let twilio: FakeTwilio;
  let instances: Harness[] = [];
  before(async () => {
    twilio = await startFakeTwilio();
    const url = await POSTGRES.freshUrl();
    const env = { ROUTING_WORKERS: WORKERS.join(',') };
    const instance = () => harness([], env, { store: POSTGRES, url, twilio, timing: FAST });
    instances = await Promise.all([instance(), instance()]);
  });
  after(async () => {
    for (const h of instances) await h.close();
    await twilio.close();
  });

  test('the instances rotate as one, also when asked at once', async () => {
    const route = (n: number) => {
      const conversationSid = sid('CH', n);
      twilio.addParticipant(conversationSid, { sid: sid('MB', n), identity: null, attributes: '{}' });
      return (instances[n % 2] as Harness).post('/callbacks/routing', {
        ConversationSid: conversationSid,
        'MessagingBinding.Address': '+16465550100',
      });
    };
    const worker = (n: number) =>
      twilio.participants(sid('CH', n)).find((p) => p.identity !== null)?.identity;
    for (let n = 0; n < 6; n += 1) assert.equal((await route(n)).statusCode, 200);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(worker), [...WORKERS, ...WORKERS]);
    // Nine at once over both instances: each rep gets exactly three.
    const answers = await Promise.all([6, 7, 8, 9, 10, 11, 12, 13, 14].map(route));
    assert.ok(answers.every((a) => a.statusCode === 200));
    const counts = new Map<string, number>();
    for (let n = 6; n < 15; n += 1) counts.set(worker(n) ?? '', (counts.get(worker(n) ?? '') ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(counts), Object.fromEntries(WORKERS.map((w) => [w, 3])));
  });
});
