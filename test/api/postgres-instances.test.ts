// Two service instances on one PostgreSQL database, as behind a load balancer: a directory API write on one is what
// the other's API and callbacks answer next, with the same ETag, and conditions hold across instances.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { type Harness, harness } from '../support/app-harness.ts';
import { customer } from '../support/customer.ts';
import { POSTGRES } from '../support/stores.ts';

const KEY = 'sync';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

function call(h: Harness, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return h.app.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${h.keys[KEY] ?? keys[KEY]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

async function listed(h: Harness, worker: string): Promise<string[]> {
  const response = await h.crm({ Location: 'GetCustomersList', Worker: worker, PageSize: '30' });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as { objects: { customers: { customer_id: string }[] } };
  return body.objects.customers.map((c) => c.customer_id);
}

const keys: Record<string, string> = {};

describe('directory API: two instances on one PostgreSQL database', () => {
  let one: Harness;
  let two: Harness;
  before(async () => {
    const url = await POSTGRES.freshUrl();
    one = await harness([], {}, { store: POSTGRES, url, apiKeys: { [KEY]: { readOnly: false } } });
    // The key made through one instance opens the API on the other: keys live in the shared database.
    two = await harness([], {}, { store: POSTGRES, url });
    keys[KEY] = one.keys[KEY] as string;
  });
  after(async () => {
    await one?.close();
    await two?.close();
  });

  test("each instance answers the other's writes next, with the same ETag", async () => {
    const created = await call(one, 'PUT', '/api/v1/customers/p1', customer('p1', 'Pia Lund', [ALICE]));
    assert.equal(created.statusCode, 201, created.body);
    const read = await call(two, 'GET', '/api/v1/customers/p1');
    assert.equal(read.statusCode, 200);
    assert.equal(read.headers.etag, created.headers.etag);
    assert.deepEqual(await listed(two, ALICE), ['p1']);

    const moved = await call(
      two,
      'PATCH',
      '/api/v1/customers/p1',
      { workers: [BOB] },
      {
        'if-match': String(created.headers.etag),
      },
    );
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(await listed(one, ALICE), []);
    assert.deepEqual(await listed(one, BOB), ['p1']);
    const stale = await call(one, 'DELETE', '/api/v1/customers/p1', undefined, {
      'if-match': String(created.headers.etag),
    });
    assert.equal(
      stale.statusCode,
      412,
      'the ETag one instance handed out is stale on the other after a write',
    );

    assert.equal((await call(one, 'DELETE', '/api/v1/customers/p1')).statusCode, 204);
    const details = await two.crm({
      Location: 'GetCustomerDetailsByCustomerId',
      Worker: BOB,
      CustomerId: 'p1',
    });
    assert.equal(details.statusCode, 404);
  });

  test('a create-only PUT racing on both instances creates once', async () => {
    const racers: Promise<LightMyRequestResponse>[] = [];
    for (let n = 0; n < 6; n += 1) {
      const instance = n % 2 === 0 ? one : two;
      racers.push(
        call(instance, 'PUT', '/api/v1/customers/race', customer('race', `Racer ${n}`, [ALICE]), {
          'if-none-match': '*',
        }),
      );
    }
    const statuses = (await Promise.all(racers)).map((response) => response.statusCode).sort();
    assert.deepEqual(statuses, [201, 412, 412, 412, 412, 412]);
  });
});
