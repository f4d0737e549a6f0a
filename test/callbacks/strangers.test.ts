// UNKNOWN_CUSTOMERS=create on each store: a stranger's first inbound conversation creates their customer, assigned
// to the worker routing chose, visible in that rep's list, search and details; ignore mode stores nothing; a
// conversation nobody can take still keeps the address, unassigned; two messages at once make one customer.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { strangerId } from '../../src/callbacks/stranger.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import { STORES } from '../support/stores.ts';

const FAST = { routingBudgetMs: 3000, lookupTimeoutMs: 1000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };
const DAVE = 'dave@example.com';
const ERIN = 'erin@example.com';
const FIRST_WROTE =
  /^First wrote on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by (SMS|WhatsApp|e-mail); not in the CRM yet\.$/;

for (const kind of STORES) {
  describe(`strangers become customers (${kind.name})`, () => {
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

    const app = async (env: Record<string, string>) => {
      const settings = { ROUTING_AVAILABILITY: 'off', UNKNOWN_CUSTOMERS: 'create', ...env };
      const h = await harness([], settings, { twilio, timing: FAST, store: kind });
      harnesses.push(h);
      return h;
    };
    let conversations = 0;
    const route = (h: Harness, address: string) => {
      conversations += 1;
      const conversationSid = sid('CH', conversations);
      twilio.addParticipant(conversationSid, {
        sid: sid('MB', conversations),
        identity: null,
        attributes: '{}',
      });
      return h.post('/callbacks/routing', {
        ConversationSid: conversationSid,
        'MessagingBinding.Address': address,
        'MessagingBinding.ProxyAddress': '+15005550006',
      });
    };
    const recordAt = async (h: Harness, address: { key: string; type: 'sms' | 'whatsapp' | 'email' }) =>
      (await h.store.getRecord(strangerId(address)))?.record;
    const listed = async (h: Harness, worker: string, query?: string) => {
      const fields: Record<string, string> = { Location: 'GetCustomersList', Worker: worker };
      if (query !== undefined) fields.Query = query;
      const response = await h.crm(fields);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as {
        objects: { customers: { customer_id: string; display_name: string }[] };
      };
      return body.objects.customers;
    };

    test('an SMS from an unknown number creates its customer, assigned to the routed worker', async () => {
      const h = await app({ ROUTING_DEFAULT_WORKER: DAVE });
      const answer = await route(h, '+1 646-555-0100');
      assert.equal(answer.statusCode, 200, answer.body);
      assert.deepEqual(answer.json(), { routed_via: 'default' });
      const record = (await recordAt(h, { key: '+16465550100', type: 'sms' })) as CustomerRecord;
      assert.match(record.details?.content ?? '', FIRST_WROTE);
      assert.match(record.details?.content ?? '', /by SMS/);
      assert.deepEqual(record, {
        customer_id: strangerId({ key: '+16465550100', type: 'sms' }),
        display_name: '+1 646 555 0100',
        channels: [{ type: 'sms', value: '+16465550100' }],
        details: { title: 'New contact', content: record.details?.content },
        workers: [DAVE],
        source: 'inbound',
      });
      assert.equal(await h.store.count(), 1);
      // This very conversation is tied to the new customer: its customer participant got the attributes that
      // onParticipantAdded, which ran before the customer existed, could not give it.
      const [customerParticipant] = twilio.participants(sid('CH', conversations));
      assert.deepEqual(JSON.parse(customerParticipant?.attributes ?? ''), {
        customer_id: record.customer_id,
        display_name: '+1 646 555 0100',
      });

      // Dave finds them in My Customers, by search, and in details (where Frontline never sees `source`).
      const summary = { customer_id: record.customer_id, display_name: '+1 646 555 0100' };
      assert.deepEqual(await listed(h, DAVE), [summary]);
      assert.deepEqual(await listed(h, DAVE, '646 555'), [summary]);
      assert.deepEqual(await listed(h, ERIN), []);
      const details = await h.crm({
        Location: 'GetCustomerDetailsByCustomerId',
        Worker: DAVE,
        CustomerId: record.customer_id,
      });
      assert.equal(details.statusCode, 200, details.body);
      const { source: _source, workers: _workers, ...customer } = record;
      assert.deepEqual(details.json(), { objects: { customer } });

      // The next conversation from that number is the customer's own: routed to Dave, nothing new created.
      assert.deepEqual((await route(h, '+16465550100')).json(), { routed_via: 'assigned' });
      assert.equal(await h.store.count(), 1);
      const logged = h.logEntries().filter((entry) => entry.stranger !== undefined);
      assert.deepEqual(
        logged.map((entry) => [entry.stranger, entry.assigned]),
        [['created', true]],
      );
      assert.ok(!h.logs.join('\n').includes('555'), 'no phone number in the logs');
    });

    test('WhatsApp and e-mail addresses make customers of their own channel', async () => {
      const h = await app({ ROUTING_DEFAULT_WORKER: DAVE });
      assert.equal((await route(h, 'whatsapp:+447700900123')).statusCode, 200);
      assert.equal((await route(h, 'Pat.Doe@Example.com')).statusCode, 200);
      const whatsapp = await recordAt(h, { key: '+447700900123', type: 'whatsapp' });
      assert.equal(whatsapp?.display_name, '+44 7700 900123');
      assert.deepEqual(whatsapp?.channels, [{ type: 'whatsapp', value: 'whatsapp:+447700900123' }]);
      assert.match(whatsapp?.details?.content ?? '', /by WhatsApp;/);
      const email = await recordAt(h, { key: 'pat.doe@example.com', type: 'email' });
      assert.equal(email?.display_name, 'Pat.Doe@Example.com');
      assert.deepEqual(email?.channels, [{ type: 'email', value: 'Pat.Doe@Example.com' }]);
      assert.match(email?.details?.content ?? '', /by e-mail;/);
      // An SMS from the WhatsApp number is the same person: found by number, not created again.
      assert.deepEqual((await route(h, '+447700900123')).json(), { routed_via: 'assigned' });
      assert.equal(await h.store.count(), 2);
    });

    test("a Conversations API that fails the participant's attributes still routes and keeps the customer", async () => {
      const h = await app({ ROUTING_DEFAULT_WORKER: DAVE });
      twilio.failNext(1, 500, { method: 'GET' });
      const answer = await route(h, '+16465550111');
      assert.equal(answer.statusCode, 200, answer.body);
      assert.deepEqual(answer.json(), { routed_via: 'default' });
      assert.deepEqual((await recordAt(h, { key: '+16465550111', type: 'sms' }))?.workers, [DAVE]);
      const failed = h.logEntries().filter((e) => e.participant === 'failed');
      assert.equal(failed.length, 1);
    });

    test('UNKNOWN_CUSTOMERS=ignore (the default) routes and stores nothing', async () => {
      const h = await app({ ROUTING_DEFAULT_WORKER: DAVE, UNKNOWN_CUSTOMERS: '' });
      assert.deepEqual((await route(h, '+16465550100')).json(), { routed_via: 'default' });
      assert.deepEqual((await route(h, '+16465550100')).json(), { routed_via: 'default' });
      assert.equal(await h.store.count(), 0);
    });

    test('with no worker to route to, the stranger is kept unassigned for the CRM to assign', async () => {
      const h = await app({});
      const answer = await route(h, '+16465550100');
      assert.equal(answer.statusCode, 503, answer.body);
      assert.equal((answer.json() as { error: { code: string } }).error.code, 'not_configured');
      const record = await recordAt(h, { key: '+16465550100', type: 'sms' });
      assert.deepEqual(record?.workers, []);
      assert.equal(record?.source, 'inbound');
      // Once the CRM assigns it (a PUT through the directory API), that rep gets the next conversation.
      assert.ok(record);
      await h.store.putRecord({ ...record, workers: [ERIN] }, { kind: 'any' });
      assert.deepEqual((await route(h, '+16465550100')).json(), { routed_via: 'assigned' });
      const added = twilio.calls.filter((c) => c.status === 201).map((c) => c.form.Identity);
      assert.deepEqual(added, [ERIN]);
    });

    test('two messages at once from one new number: one customer, one rep for both', async () => {
      const h = await app({ ROUTING_WORKERS: `${DAVE},${ERIN}` });
      for (let round = 0; round < 4; round += 1) {
        const address = `+1646555020${round}`;
        const answers = await Promise.all([route(h, address), route(h, address)]);
        assert.ok(
          answers.every((a) => a.statusCode === 200),
          answers.map((a) => a.body).join(),
        );
        const record = await recordAt(h, { key: address, type: 'sms' });
        assert.equal(record?.workers.length, 1);
        const last = twilio.calls.filter((c) => c.status === 201).slice(-2);
        assert.deepEqual(
          last.map((c) => c.form.Identity),
          [record?.workers[0], record?.workers[0]],
        );
      }
      assert.equal(await h.store.count(), 4);
    });
  });
}
