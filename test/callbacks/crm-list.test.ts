// GetCustomersList through the HTTP interface, on each store of test/support/stores.ts: order, scope, search,
// Anchor and PageSize on a small book, whole crawls in both paging modes, and CUSTOMER_VISIBILITY=all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, BOOK, bigBook, CAROL } from '../support/book.ts';
import { assignedTo, crawl, expectedOrder } from '../support/crawl.ts';
import { STORES } from '../support/stores.ts';

const list = (h: Harness, worker: string, extra: Record<string, string> = {}) =>
  h.crm({ Location: 'GetCustomersList', Worker: worker, ...extra });
const ids = (response: { json(): unknown }) =>
  (response.json() as { objects: { customers: { customer_id: string }[] } }).objects.customers.map(
    (c) => c.customer_id,
  );

for (const store of STORES) {
  describe(`GetCustomersList on the small book (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(BOOK, {}, { store });
    });
    after(() => h.close());

    test('lists the worker’s customers by name, case- and accent-insensitively, ties by id', async () => {
      const response = await list(h, ALICE);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.deepEqual(ids(response), ['a5', 'a6', 'c1', 'a3', 'a7', 'a4', 'a2', 'a1', 'a8']);
      const body = response.json();
      assert.equal(body.objects.searchable, true);
      assert.equal(body.objects.next_page_token, undefined);
      assert.deepEqual(body.objects.customers[7], {
        customer_id: 'a1',
        display_name: 'Zoë Martin',
        avatar: 'https://img.example.com/zoe.png',
      });
    });

    test('worker identities match case-insensitively', async () => {
      assert.deepEqual(ids(await list(h, 'ALICE@Example.COM')), ids(await list(h, ALICE)));
      assert.deepEqual(ids(await list(h, 'carol@example.com')), ['c1']);
      assert.deepEqual(ids(await list(h, CAROL)), ['c1']);
    });

    test('a worker with no customers gets an empty list', async () => {
      assert.deepEqual(ids(await list(h, 'nobody@example.com')), []);
    });

    const searches: [string, string, string[]][] = [
      ['name fragment, prefix matches first', 'martin', ['a2', 'a1', 'a8']],
      ['unaccented spelling', 'zoe', ['a1', 'a8']],
      ['accented and upper case', 'ZOË', ['a1', 'a8']],
      ['e-mail', 'zoe.martin@acme', ['a1']],
      ['name and e-mail alike', 'acme', ['a5', 'a1']],
      ['phone digits with spaces', '555 0199', ['a1']],
      ['phone in national format', '(212) 555-0199', ['a1']],
      ['whatsapp number', '+44 7700 900123', ['a2']],
      ['percent is a character', '%', ['a4']],
      ['underscore is a character', '_name', ['a4']],
      ['star is a character', '*', ['a6']],
      ['double quotes are characters', '"quote"', ['a5']],
      ['single quote is a character', "o'neil", ['a5']],
      ['parentheses are characters', '(acme)', ['a5']],
      ['no match', 'qqqq', []],
    ];
    for (const [what, query, expected] of searches) {
      test(`search: ${what} (${query})`, async () => {
        assert.deepEqual(ids(await list(h, ALICE, { Query: query })), expected);
      });
    }

    test('search never finds another worker’s customers', async () => {
      assert.deepEqual(ids(await list(h, BOB, { Query: 'martin' })), ['b2']);
      assert.deepEqual(ids(await list(h, ALICE, { Query: 'secret' })), []);
      assert.deepEqual(ids(await list(h, ALICE, { Query: '3125550142' })), []);
    });

    test('an empty Query is the plain list', async () => {
      assert.deepEqual(ids(await list(h, ALICE, { Query: '  ' })), ids(await list(h, ALICE)));
    });

    test('an Anchor continues right after that customer', async () => {
      assert.deepEqual(ids(await list(h, ALICE, { Anchor: 'a7', PageSize: '2' })), ['a4', 'a2']);
    });

    test('an Anchor that does not exist, or belongs to another worker, ends the list', async () => {
      for (const anchor of ['deleted-id', 'b2']) {
        const response = await list(h, ALICE, { Anchor: anchor });
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json(), { objects: { customers: [], searchable: true } });
      }
    });

    test('PageSize: default 30, clamped to MAX_PAGE_SIZE, non-numeric or zero is a 400', async () => {
      const big = await harness(bigBook(250, [ALICE]), { MAX_PAGE_SIZE: '100' }, { store });
      try {
        assert.equal(ids(await list(big, ALICE)).length, 30);
        assert.equal(ids(await list(big, ALICE, { PageSize: '1000000' })).length, 100);
        assert.equal(ids(await list(big, ALICE, { PageSize: '7' })).length, 7);
        for (const bad of ['abc', '3.5', '-1', '0', '', '1e3']) {
          const response = await list(big, ALICE, { PageSize: bad });
          assert.equal(response.statusCode, 400, `PageSize=${bad}`);
          assert.equal(response.json().error.code, 'bad_request');
          assert.match(response.json().error.message, /PageSize/);
        }
      } finally {
        await big.close();
      }
    });
  });

  describe(`search as a rep types it, DEFAULT_COUNTRY=GB (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(BOOK, { DEFAULT_COUNTRY: 'GB' }, { store });
    });
    after(() => h.close());

    const searches: [string, string, string[]][] = [
      ['words in any order', 'martin zoe', ['a1', 'a8']],
      ['words across the name', 'inez mart', ['a7']],
      ['words with punctuation between', 'ann quote oneil', ['a5']],
      ['a curly apostrophe', 'O’Neil', ['a5']],
      ['no apostrophe', 'oneil', ['a5']],
      ['a national number', '07700 900123', ['a2']],
      ['a national number as it is typed', '0 7700 9001', ['a2']],
      ['an international number still', '+44 7700 900123', ['a2']],
    ];
    for (const [what, query, expected] of searches) {
      test(`search: ${what} (${query})`, async () => {
        assert.deepEqual(ids(await list(h, ALICE, { Query: query })), expected);
      });
    }

    test('a national number pages with tokens like any search', async () => {
      const first = await list(h, ALICE, { Query: '0', PageSize: '1' });
      const token = (first.json() as { objects: { next_page_token?: string } }).objects.next_page_token;
      assert.ok(token);
      const second = await list(h, ALICE, { Query: '0', PageSize: '1', NextPageToken: token });
      assert.equal(second.statusCode, 200);
      assert.notDeepEqual(ids(second), ids(first));
    });
  });

  describe(`crawling whole lists (${store.name})`, () => {
    const workers = [ALICE, BOB, CAROL];
    const book = bigBook(400, workers);
    let h: Harness;
    before(async () => {
      h = await harness(book, {}, { store });
    });
    after(() => h.close());

    for (const mode of ['token', 'anchor'] as const) {
      for (const worker of workers) {
        test(`${mode} mode visits each of ${worker}'s customers exactly once, in order`, async () => {
          const expected = expectedOrder(book, assignedTo(worker));
          assert.ok(expected.length > 100);
          for (const size of [1, 7, 30]) assert.deepEqual(await crawl(h, worker, mode, size), expected);
        });
      }
    }

    test('search results page exactly like the list, across the prefix/contains boundary', async () => {
      const all = await crawl(h, ALICE, 'token', 500, 'ana');
      assert.ok(all.length > 20);
      assert.equal(new Set(all).size, all.length);
      for (const size of [1, 3, 10]) {
        assert.deepEqual(await crawl(h, ALICE, 'token', size, 'ana'), all);
        assert.deepEqual(await crawl(h, ALICE, 'anchor', size, 'ana'), all);
      }
    });
  });

  describe(`CUSTOMER_VISIBILITY=all (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(BOOK, { CUSTOMER_VISIBILITY: 'all' }, { store });
    });
    after(() => h.close());

    test('every worker sees and searches the whole book', async () => {
      assert.equal(ids(await list(h, 'someone@example.com')).length, BOOK.length);
      assert.deepEqual(ids(await list(h, 'someone@example.com', { Query: 'martin' })), [
        'a2',
        'b2',
        'a1',
        'a8',
      ]);
      const details = await h.crm({
        Location: 'GetCustomerDetailsByCustomerId',
        Worker: 'x@y.z',
        CustomerId: 'b2',
      });
      assert.equal(details.statusCode, 200);
    });

    test('a full crawl still visits everything once', async () => {
      assert.deepEqual(
        await crawl(h, 'someone@example.com', 'token', 4),
        expectedOrder(BOOK, () => true),
      );
    });
  });
}
