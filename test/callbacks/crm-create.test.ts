// Location=CreateCustomer on the CRM callback, on each store: off by default (422 unknown_location as before); with
// CRM_ALLOW_CREATE=true, the customer is written by the import's rules for the signed Worker alone, answered in the
// details shape, and found by the rep's list and by a later message from its number. Bad fields are a 4xx with a
// code, logged, and write nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { strangerId } from '../../src/callbacks/stranger.ts';
import { parseAddress } from '../../src/directory/address.ts';
import { optOutKey } from '../../src/directory/opt-out-store.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { customer } from '../support/customer.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import { STORES } from '../support/stores.ts';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const CRM_CUSTOMER = customer('crm-7', 'Carla Crm', [BOB], {
  channels: [{ type: 'sms', value: '+12125550177' }],
});
const FAST = { routingBudgetMs: 3000, lookupTimeoutMs: 1000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };

const create = (h: Harness, fields: Record<string, string>, worker = ALICE) =>
  h.crm({ Location: 'CreateCustomer', Worker: worker, ...fields });
const channels = (list: unknown) => JSON.stringify(list);
const errorOf = (response: LightMyRequestResponse) =>
  (response.json() as { error: { code: string; details?: { path: string }[] } }).error;

for (const kind of STORES) {
  describe(`CRM callback: CreateCustomer (${kind.name})`, () => {
    let twilio: FakeTwilio;
    let on: Harness;
    let off: Harness;
    before(async () => {
      twilio = await startFakeTwilio();
      const env = { CRM_ALLOW_CREATE: 'true', ROUTING_AVAILABILITY: 'off', ROUTING_DEFAULT_WORKER: BOB };
      on = await harness([CRM_CUSTOMER], env, { store: kind, twilio, timing: FAST });
      off = await harness([CRM_CUSTOMER], {}, { store: kind });
    });
    after(async () => {
      await on.close();
      await off.close();
      await twilio.close();
    });

    test('without CRM_ALLOW_CREATE it is an unknown location, as before', async () => {
      const response = await create(off, {
        DisplayName: 'Pat',
        Channels: channels([{ type: 'sms', value: '+16465550111' }]),
      });
      assert.equal(response.statusCode, 422, response.body);
      assert.deepEqual(errorOf(response), {
        code: 'unknown_location',
        message: 'Location must be GetCustomersList or GetCustomerDetailsByCustomerId',
      });
      assert.equal(await off.store.count(), 1);
    });

    test("creates the rep's customer, answered in the details shape, in their list", async () => {
      const response = await create(on, {
        DisplayName: ' Pat  Doe ',
        Channels: channels([
          { type: 'sms', value: '+1 (646) 555-0111' },
          { type: 'email', value: 'pat@example.com' },
        ]),
      });
      assert.equal(response.statusCode, 200, response.body);
      const id = strangerId({ key: '+16465550111', type: 'sms' });
      const answered = response.json() as { objects: { customer: { details: { content: string } } } };
      assert.match(
        answered.objects.customer.details.content,
        /^Created in Frontline on \d{4}-\d\d-\d\dT[\d:]{8}Z; not in the CRM yet\.$/,
      );
      assert.deepEqual(answered, {
        objects: {
          customer: {
            customer_id: id,
            display_name: 'Pat Doe',
            channels: [
              { type: 'sms', value: '+16465550111' },
              { type: 'email', value: 'pat@example.com' },
            ],
            details: { title: 'New contact', content: answered.objects.customer.details.content },
          },
        },
      });
      const stored = await on.store.getRecord(id);
      assert.deepEqual(stored?.record.workers, [ALICE]);
      assert.equal(stored?.record.source, 'inbound');
      const list = await on.crm({ Location: 'GetCustomersList', Worker: ALICE, Query: 'pat' });
      assert.deepEqual(list.json().objects.customers, [{ customer_id: id, display_name: 'Pat Doe' }]);

      // A second tap answers the same customer; the number writing in later is routed to Alice, not to the fallback.
      const again = await create(on, {
        DisplayName: 'Pat',
        Channels: channels([{ type: 'sms', value: '+16465550111' }]),
      });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().objects.customer.display_name, 'Pat Doe');
      twilio.addParticipant(sid('CH', 1), { sid: sid('MB', 1), identity: null, attributes: '{}' });
      const routed = await on.post('/callbacks/routing', {
        ConversationSid: sid('CH', 1),
        'MessagingBinding.Address': '+16465550111',
      });
      assert.deepEqual(routed.json(), { routed_via: 'assigned' });
      assert.equal(await on.store.count(), 2);
    });

    test("refuses a channel another rep's customer has: 409 customer_exists", async () => {
      const response = await create(on, {
        DisplayName: 'Carla',
        Channels: channels([{ type: 'sms', value: '+12125550177' }]),
      });
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(errorOf(response).code, 'customer_exists');
      // Any of the channels counts, not only the first (the fuzz found this one).
      const second = await create(on, {
        DisplayName: 'Carla',
        Channels: channels([
          { type: 'email', value: 'carla@example.com' },
          { type: 'whatsapp', value: '+12125550177' },
        ]),
      });
      assert.equal(second.statusCode, 409, second.body);
      assert.equal(await on.store.getRecord(strangerId({ key: 'carla@example.com', type: 'email' })), null);
      const own = await create(
        on,
        { DisplayName: 'Carla', Channels: channels([{ type: 'sms', value: '+12125550177' }]) },
        BOB,
      );
      assert.equal(own.statusCode, 200, own.body);
      assert.equal(own.json().objects.customer.customer_id, 'crm-7');
      assert.equal((await on.store.getRecord('crm-7'))?.record.display_name, 'Carla Crm');
    });

    test('a rep cannot create a customer for somebody else: 403, nothing written', async () => {
      for (const field of ['Workers', 'worker', 'Owner']) {
        const response = await create(on, {
          DisplayName: 'Quinn',
          Channels: channels([{ type: 'sms', value: '+16465550122' }]),
          [field]: BOB,
        });
        assert.equal(response.statusCode, 403, response.body);
        assert.equal(errorOf(response).code, 'forbidden');
      }
      assert.equal(await on.store.getRecord(strangerId({ key: '+16465550122', type: 'sms' })), null);
    });

    test('bad fields: a 4xx with a code, logged, nothing written', async () => {
      const before = await on.store.count();
      const cases: [Record<string, string>, number, string, string[]?][] = [
        [
          { Channels: channels([{ type: 'sms', value: '+16465550133' }]) },
          400,
          'invalid_record',
          ['display_name'],
        ],
        [{ DisplayName: 'Rae' }, 400, 'bad_request'],
        [{ DisplayName: 'Rae', Channels: '[{"type":' }, 400, 'bad_request'],
        [{ DisplayName: 'Rae', Channels: '{"type":"sms"}' }, 400, 'bad_request'],
        [{ DisplayName: 'Rae', Channels: '[]' }, 400, 'bad_request'],
        [
          { DisplayName: 'Rae', Channels: channels([{ type: 'fax', value: '1' }]) },
          400,
          'invalid_record',
          ['channels[0].type'],
        ],
        [
          { DisplayName: 'Rae', Channels: channels([{ type: 'sms', value: '646 555 0133' }]) },
          400,
          'invalid_record',
          ['channels[0].value'],
        ],
        [
          { DisplayName: 'Rae', Channels: channels([{ type: 'sms', value: '+16465550133' }]), Workers: '' },
          403,
          'forbidden',
        ],
        [
          { DisplayName: 'x'.repeat(300), Channels: channels([{ type: 'email', value: 'rae@example.com' }]) },
          400,
          'invalid_record',
          ['display_name'],
        ],
      ];
      for (const [fields, status, code, paths] of cases) {
        const response = await create(on, fields);
        assert.equal(response.statusCode, status, `${JSON.stringify(fields)}: ${response.body}`);
        const error = errorOf(response);
        assert.equal(error.code, code, JSON.stringify(fields));
        if (paths !== undefined)
          assert.deepEqual(
            error.details?.map((d) => d.path),
            paths,
          );
      }
      assert.equal(await on.store.count(), before);
      const logged = on.logEntries().filter((e) => e.code === 'invalid_record' || e.code === 'bad_request');
      assert.ok(logged.length >= cases.length - 2, 'each refusal is logged with its code');
      assert.ok(!on.logs.join('\n').includes('555'), 'no phone number in the logs');
    });

    test("a rep's Channels cannot clear an opt-out: opted_out_at in them is not read", async () => {
      const address = parseAddress('+16465550188');
      assert.ok(address !== null);
      await on.store.optOuts.optOut(address, new Date('2026-11-30T10:00:00Z'));
      const response = await create(on, {
        DisplayName: 'Opted Out',
        Channels: channels([{ type: 'sms', value: '+16465550188', opted_out_at: null }]),
      });
      assert.equal(response.statusCode, 200, response.body);
      const still = await on.store.optOuts.optedOut([address]);
      assert.equal(still.get(optOutKey(address))?.toISOString(), '2026-11-30T10:00:00.000Z');
    });
  });
}
