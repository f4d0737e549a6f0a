// Two service instances on one book (one PostgreSQL database; one SQLite file), as behind a load balancer: a new
// number's two first messages, one on each instance at once, make one customer, and both conversations go to its
// rep. The round robin pool would give them different reps if each instance created its own customer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStranger, strangerId } from '../../src/callbacks/stranger.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import { STORES } from '../support/stores.ts';

const FAST = { routingBudgetMs: 5000, lookupTimeoutMs: 2000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };
const WORKERS = ['carol@example.com', 'dave@example.com', 'erin@example.com'];
const ROUNDS = 8;

for (const kind of STORES) {
  describe(`a stranger's two messages on two instances at once (${kind.name})`, () => {
    let twilio: FakeTwilio;
    let instances: Harness[] = [];
    before(async () => {
      twilio = await startFakeTwilio();
      const url = await kind.freshUrl();
      const env = {
        ROUTING_AVAILABILITY: 'off',
        ROUTING_WORKERS: WORKERS.join(','),
        UNKNOWN_CUSTOMERS: 'create',
      };
      const instance = () => harness([], env, { store: kind, url, twilio, timing: FAST });
      // One after the other: the first migrates the new book.
      instances = [await instance(), await instance()];
    });
    after(async () => {
      for (const h of instances) await h.close();
      await twilio.close();
    });

    test('one customer, and one rep for both conversations', async () => {
      let n = 0;
      const route = (h: Harness, address: string) => {
        n += 1;
        const conversationSid = sid('CH', n);
        twilio.addParticipant(conversationSid, { sid: sid('MB', n), identity: null, attributes: '{}' });
        return {
          conversationSid,
          answer: h.post('/callbacks/routing', {
            ConversationSid: conversationSid,
            'MessagingBinding.Address': address,
          }),
        };
      };
      const worker = (conversationSid: string) =>
        twilio.participants(conversationSid).find((p) => p.identity !== null)?.identity;
      for (let round = 0; round < ROUNDS; round += 1) {
        const address = `+1212555030${round}`;
        const both = [route(instances[0] as Harness, address), route(instances[1] as Harness, address)];
        const answers = await Promise.all(both.map((b) => b.answer));
        assert.ok(
          answers.every((a) => a.statusCode === 200),
          answers.map((a) => a.body).join(),
        );
        const stored = await instances[0]?.store.getRecord(strangerId({ key: address, type: 'sms' }));
        assert.equal(stored?.record.workers.length, 1, `round ${round}`);
        const rep = stored?.record.workers[0];
        assert.deepEqual(
          both.map((b) => worker(b.conversationSid)),
          [rep, rep],
          `round ${round}`,
        );
      }
      assert.equal(await instances[1]?.store.count(), ROUNDS);
      const outcomes = instances.flatMap((h) =>
        h
          .logEntries()
          .map((e) => e.stranger)
          .filter(Boolean),
      );
      assert.equal(outcomes.filter((o) => o === 'created').length, ROUNDS);
    });

    test('the write that loses reads the winner: its worker, not its own', async () => {
      const [a, b] = instances as [Harness, Harness];
      const address = { key: '+12125550399', type: 'sms' as const };
      const options = (h: Harness) => ({ store: h.store, defaultCountry: undefined });
      const first = await createStranger(options(a), address, '+12125550399', 'carol@example.com');
      const second = await createStranger(options(b), address, '+12125550399', 'erin@example.com');
      assert.equal(first.kind, 'created');
      assert.equal(second.kind, 'existing');
      assert.ok(second.kind === 'existing' && first.kind === 'created');
      assert.deepEqual(second.record, first.record);
      assert.deepEqual(second.record.workers, ['carol@example.com']);
      // At once: exactly one of the two creates it.
      const other = { key: '+12125550398', type: 'sms' as const };
      const race = await Promise.all([
        createStranger(options(a), other, '+12125550398', 'carol@example.com'),
        createStranger(options(b), other, '+12125550398', 'erin@example.com'),
      ]);
      assert.deepEqual(race.map((r) => r.kind).sort(), ['created', 'existing']);
      const records = race.map((r) => (r.kind === 'gone' ? null : r.record));
      assert.deepEqual(records[0], records[1]);
    });
  });
}
