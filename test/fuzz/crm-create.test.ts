// Property-based fuzzing of what creates customers from Frontline (CRM_ALLOW_CREATE, UNKNOWN_CUSTOMERS=create), on
// each store: whatever the CreateCustomer form or the routed address, the answer is documented JSON, never a 500;
// a created customer is the signed Worker's, in their list; and one address never has two customers.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB } from '../support/book.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import { anyText, assertDocumentedAnswer, formOf, fuzzParameters, postSigned } from '../support/fuzz.ts';
import { STORES } from '../support/stores.ts';

const ENV = {
  DEFAULT_COUNTRY: 'US',
  CRM_ALLOW_CREATE: 'true',
  UNKNOWN_CUSTOMERS: 'create',
  ROUTING_AVAILABILITY: 'off',
  ROUTING_WORKERS: `${ALICE},${BOB}`,
};
const TIMING = { routingBudgetMs: 3000, lookupTimeoutMs: 1000, firstRetryDelayMs: 5, maxRetryDelayMs: 20 };
const numbers = fc.constantFrom('+1 212 555 0101', '(646) 555-0102', '+44 7700 900123', '+16465550103');
// Mostly channels the import accepts, so that many forms reach the write (and its conflicts); some that it refuses.
const validChannel = fc.oneof(
  numbers.map((value) => ({ type: 'sms', value })),
  numbers.map((value) => ({ type: 'whatsapp', value })),
  fc
    .constantFrom('pat@example.com', 'PAT@example.com', 'zoe@example.com')
    .map((value) => ({ type: 'email', value })),
);
const oddChannel = fc.record({
  type: fc.constantFrom('sms', 'whatsapp', 'email', 'chat', 'fax', ''),
  value: anyText,
});
const channelsText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.array(validChannel, { minLength: 1, maxLength: 3 }).map((c) => JSON.stringify(c)),
  },
  {
    weight: 2,
    arbitrary: fc.array(fc.oneof(validChannel, oddChannel), { maxLength: 3 }).map((c) => JSON.stringify(c)),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: anyText },
);

for (const store of STORES) {
  describe(`fuzz: customers created from Frontline (${store.name})`, () => {
    let twilio: FakeTwilio;
    let h: Harness;
    before(async () => {
      twilio = await startFakeTwilio();
      h = await harness([], ENV, { store, twilio, timing: TIMING });
    });
    after(async () => {
      await h?.close();
      await twilio?.close();
    });

    const seenOf = (seen: Map<string, number>, status: number, body: unknown) => {
      const code = (body as { error?: { code: string } } | undefined)?.error?.code;
      const outcome = `${status}${code === undefined ? '' : ` ${code}`}`;
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
    };

    it('CreateCustomer: any form', async (t: TestContext) => {
      const seen = new Map<string, number>();
      const form = formOf({
        Location: fc.constant('CreateCustomer'),
        Worker: fc.constantFrom(ALICE, BOB, 'ALICE@EXAMPLE.COM'),
        DisplayName: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom('Pat Doe', ' Zoë ', 'Ann') },
          { weight: 1, arbitrary: anyText },
        ),
        Channels: channelsText,
      });
      await fc.assert(
        fc.asyncProperty(form, async (pairs) => {
          const response = await postSigned(h.app, '/callbacks/crm', pairs);
          const body = assertDocumentedAnswer(response) as {
            objects?: { customer: { customer_id: string } };
          };
          seenOf(seen, response.statusCode, body);
          if (response.statusCode !== 200) return;
          const worker = new Map(pairs.map(([k, v]) => [k, 'text' in v ? v.text : ''])).get('Worker') ?? '';
          const stored = await h.store.getRecord(body.objects?.customer.customer_id ?? '');
          assert.ok(
            stored?.record.workers.some((w) => w.toLowerCase() === worker.trim().toLowerCase()),
            response.body,
          );
        }),
        fuzzParameters(80),
      );
      t.diagnostic([...seen].map(([outcome, count]) => `${outcome}: ${count}`).join(', '));
      assert.ok(seen.has('200'), 'some customers were created');
    });

    it('routing a stranger: any address, and never two customers for one', async (t: TestContext) => {
      const seen = new Map<string, number>();
      let n = 0;
      const address = fc.oneof(numbers, fc.constantFrom('whatsapp:+16465550199', 'pat@example.com'), anyText);
      await fc.assert(
        fc.asyncProperty(address, async (text) => {
          n += 1;
          twilio.addParticipant(sid('CH', n), { sid: sid('MB', n), identity: null, attributes: '{}' });
          const response = await postSigned(h.app, '/callbacks/routing', [
            ['ConversationSid', { text: sid('CH', n) }],
            ['MessagingBinding.Address', { text }],
          ]);
          seenOf(seen, response.statusCode, assertDocumentedAnswer(response, ['conversations_api_failed']));
        }),
        fuzzParameters(60),
      );
      t.diagnostic([...seen].map(([outcome, count]) => `${outcome}: ${count}`).join(', '));
      const keys = new Map<string, string>();
      for await (const record of h.store.exportAll())
        for (const channel of record.channels ?? []) {
          const key = channel.value.replace(/^whatsapp:/, '').toLowerCase();
          assert.equal(
            keys.get(key) ?? record.customer_id,
            record.customer_id,
            `two customers at ${channel.type}`,
          );
          keys.set(key, record.customer_id);
        }
    });
  });
}
