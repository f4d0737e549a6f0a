// GetCustomerDetailsByCustomerId through the HTTP interface, on each store of test/support/stores.ts: the whole
// Customer object to an assigned worker, and the same 404 for an unknown and an invisible customer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, BOOK } from '../support/book.ts';
import { STORES } from '../support/stores.ts';

for (const store of STORES) {
  describe(`GetCustomerDetailsByCustomerId (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(BOOK, {}, { store });
    });
    after(() => h.close());
    const details = (worker: string, id: string) =>
      h.crm({ Location: 'GetCustomerDetailsByCustomerId', Worker: worker, CustomerId: id });

    test('answers the whole Customer object to a worker it is assigned to', async () => {
      const response = await details(ALICE, 'a1');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        objects: {
          customer: {
            customer_id: 'a1',
            display_name: 'Zoë Martin',
            avatar: 'https://img.example.com/zoe.png',
            channels: [
              { type: 'sms', value: '+12125550199' },
              { type: 'email', value: 'zoe.martin@acme.io' },
            ],
            links: [{ type: 'CRM', value: 'https://crm.example.com/a1', display_name: 'Open in CRM' }],
            details: { title: 'Notes', content: 'Prefers mornings.\nVIP since 2019.' },
          },
        },
      });
    });

    test('omits the fields a customer does not have', async () => {
      assert.deepEqual((await details(BOB, 'a3')).json(), {
        objects: { customer: { customer_id: 'a3', display_name: 'Émile Zola' } },
      });
    });

    test('worker identity matches case-insensitively', async () => {
      assert.equal((await details('Alice@EXAMPLE.com', 'c1')).statusCode, 200);
    });

    test('an unknown and an invisible customer get the very same 404', async () => {
      const unknown = await details(ALICE, 'no-such-id');
      const invisible = await details(ALICE, 'b2');
      const unassigned = await details(ALICE, 'n1');
      for (const response of [unknown, invisible, unassigned]) {
        assert.equal(response.statusCode, 404);
        assert.deepEqual(response.json(), {
          error: { code: 'customer_not_found', message: 'No such customer for this worker' },
        });
      }
      assert.equal(unknown.body, invisible.body);
    });

    test('a missing or empty CustomerId is a 400', async () => {
      for (const fields of [{}, { CustomerId: '' }] as Record<string, string>[]) {
        const response = await h.crm({
          Location: 'GetCustomerDetailsByCustomerId',
          Worker: ALICE,
          ...fields,
        });
        assert.equal(response.statusCode, 400);
        assert.match(response.json().error.message, /CustomerId/);
      }
    });
  });
}
