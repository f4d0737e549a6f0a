// NextPageToken through the HTTP interface, on each store of test/support/stores.ts: opaque, bound to its worker
// and search, tamper-proof, valid on any instance with the same secret; and pages that stay under the 64 KB cap.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, bigBook } from '../support/book.ts';
import { crawl } from '../support/crawl.ts';
import { customer } from '../support/customer.ts';
import { STORES } from '../support/stores.ts';

const firstPage = async (h: Harness, worker: string, extra: Record<string, string> = {}) => {
  const response = await h.crm({ Location: 'GetCustomersList', Worker: worker, PageSize: '5', ...extra });
  assert.equal(response.statusCode, 200);
  const token = response.json().objects.next_page_token;
  assert.equal(typeof token, 'string');
  return token as string;
};

for (const store of STORES) {
  describe(`NextPageToken (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(bigBook(60, [ALICE, BOB]), {}, { store });
    });
    after(() => h.close());

    const expect400 = async (worker: string, token: string, extra: Record<string, string> = {}) => {
      const response = await h.crm({
        Location: 'GetCustomersList',
        Worker: worker,
        NextPageToken: token,
        ...extra,
      });
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.code, 'invalid_page_token');
    };

    test('is opaque: no customer name or id can be read from it', async () => {
      const token = await firstPage(h, ALICE);
      assert.doesNotMatch(Buffer.from(token, 'base64url').toString('latin1'), /id-0|ana|bob/i);
    });

    test('a token from another worker is refused', async () => {
      await expect400(BOB, await firstPage(h, ALICE));
    });

    test('a token from another search, or from the plain list used for a search, is refused', async () => {
      await expect400(ALICE, await firstPage(h, ALICE, { Query: 'ana' }), { Query: 'bob' });
      await expect400(ALICE, await firstPage(h, ALICE), { Query: 'ana' });
      await expect400(ALICE, await firstPage(h, ALICE, { Query: 'ana' }));
    });

    test('modified, truncated, extended or garbage tokens are refused', async () => {
      const token = await firstPage(h, ALICE);
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      for (const bad of [
        flip(token, 0),
        flip(token, 10),
        flip(token, token.length - 1),
        token.slice(0, -4),
        token.slice(0, 10),
        `${token}AAAA`,
        'not a token!',
        'AAAA',
        '%%%',
        'x'.repeat(4000),
      ])
        await expect400(ALICE, bad);
      const huge = await h.crm({
        Location: 'GetCustomersList',
        Worker: ALICE,
        NextPageToken: 'A'.repeat(20000),
      });
      assert.equal(huge.statusCode, 400);
    });

    test('a token issued by another instance with the same secret is honoured', async () => {
      const other = await harness(bigBook(60, [ALICE, BOB]), {}, { store });
      try {
        const token = await firstPage(other, ALICE);
        const response = await h.crm({
          Location: 'GetCustomersList',
          Worker: ALICE,
          NextPageToken: token,
          PageSize: '5',
        });
        assert.equal(response.statusCode, 200);
      } finally {
        await other.close();
      }
    });
  });

  describe(`the 64 KB response cap (${store.name})`, () => {
    // Customers with the longest ids, names and avatars the import allows: 100 of them are far over 64 KB.
    const fat: CustomerRecord[] = Array.from({ length: 250 }, (_, i) =>
      customer(
        `${String(i).padStart(4, '0')}${'x'.repeat(252)}`,
        `Ünïcode ${'ß'.repeat(180)} ${i}`,
        [ALICE],
        {
          avatar: `https://img.example.com/${'a'.repeat(1990)}${i}`,
        },
      ),
    );
    let h: Harness;
    before(async () => {
      h = await harness(fat, { MAX_PAGE_SIZE: '500' }, { store });
    });
    after(() => h.close());

    test('a page that would cross 64 KB ends early with a next_page_token, and the crawl stays complete', async () => {
      const response = await h.crm({ Location: 'GetCustomersList', Worker: ALICE, PageSize: '500' });
      assert.equal(response.statusCode, 200);
      assert.ok(Buffer.byteLength(response.body) < 64 * 1024, `${Buffer.byteLength(response.body)} bytes`);
      const body = response.json();
      assert.ok(body.objects.customers.length < 250);
      assert.equal(typeof body.objects.next_page_token, 'string');
      const all = await crawl(h, ALICE, 'token', 500);
      assert.equal(all.length, 250);
      assert.equal(new Set(all).size, 250);
    });
  });
}
