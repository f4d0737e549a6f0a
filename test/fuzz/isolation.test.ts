// Property-based fuzzing of who sees whom (fast-check), on each store of test/support/stores.ts: random books with
// random assignments (identities that differ in case and spaces, non-ASCII ones, customers shared or assigned to
// nobody), random workers asking, random searches, page sizes and anchors, and page tokens sent back by their own
// worker, by another one, or with another search. The property: no worker ever sees a customer not assigned to
// them, in a list, a search, a token's next page, details, templates or outgoing conversations; and a crawl
// without a search shows each of their customers exactly once.
//
// Deterministic: FUZZ_SEED (default 17) and FUZZ_RUNS (runs per property) as test/support/fuzz.ts says; a failure
// prints the seed, the path and the shrunk case.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { normalizeRecord } from '../../src/import/normalize.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { anyText, assertDocumentedAnswer, fuzzParameters } from '../support/fuzz.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const ENV = {
  DEFAULT_COUNTRY: 'US',
  TEMPLATES_FILE: 'examples/templates.yaml',
  TWILIO_SMS_NUMBER: '+15005550006',
};

// Identities a book assigns: some differ only in case or spaces (the same worker), some fold in ways a byte-wise or
// SQL lower() comparison would get wrong.
const IDENTITIES = [
  'alice@example.com',
  'ALICE@Example.com',
  'bob@example.com',
  'bob@example.co',
  'zoë@example.com',
  'ZOË@EXAMPLE.COM',
  'İlker@example.com',
  'ilker@example.com',
  'STRASSE@example.com',
  'straße@example.com',
  'Ωmega',
  'carol',
];
const WORDS = ['Ann', 'anna', 'Zoë', 'zoe', 'Martin', 'MARTINEZ', 'Ölaf', 'o', 'Smith', '100%', 'a_b', '555'];

/** The one rule of who sees whom, written here without the service's code: identities match case-insensitively. */
const keyOf = (identity: string) => identity.trim().toLowerCase();
const visibleTo = (book: readonly CustomerRecord[], worker: string) =>
  new Set(book.filter((c) => c.workers.some((w) => keyOf(w) === keyOf(worker))).map((c) => c.customer_id));

const identity = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...IDENTITIES) },
  { weight: 1, arbitrary: fc.constantFrom(...IDENTITIES).map((id) => ` ${id.toUpperCase()} `) },
  { weight: 1, arbitrary: anyText.filter((text) => text.trim() !== '' && text.length < 40) },
);

const rawRecord = fc.record({
  customer_id: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => `c${n}`) },
    { weight: 1, arbitrary: anyText.filter((text) => text.length < 40) },
  ),
  display_name: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
    },
    { weight: 1, arbitrary: anyText },
  ),
  workers: fc.array(identity, { maxLength: 3 }),
  channels: fc.constantFrom(
    [],
    [{ type: 'email', value: 'ann@acme.io' }],
    [{ type: 'sms', value: '+12125550199' }],
    [{ type: 'sms', value: '(212) 555-0142' }],
  ),
});

/** A book as the import would store it: every raw record normalized, the invalid and repeated ones left out. */
const books = fc.array(rawRecord, { maxLength: 14 }).map((raws) => {
  const book = new Map<string, CustomerRecord>();
  for (const raw of raws) {
    const result = normalizeRecord(raw, { defaultCountry: 'US' });
    if (result.ok && !book.has(result.record.customer_id)) book.set(result.record.customer_id, result.record);
  }
  return [...book.values()];
});

const query = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom(...WORDS, 'an', 'zo', 'mart', 'ann@', '212', '555 0199', 'ss') },
  { weight: 1, arbitrary: anyText.filter((text) => text.length <= 256) },
);
const ask = fc.record({ worker: identity, query, pageSize: fc.integer({ min: 1, max: 4 }) });

interface ListAnswer {
  objects: { customers: { customer_id: string }[]; next_page_token?: string };
}

function listFields(
  worker: string,
  pageSize: number,
  q: string | undefined,
  more: Record<string, string> = {},
) {
  return {
    Location: 'GetCustomersList',
    Worker: worker,
    PageSize: String(pageSize),
    ...(q === undefined ? {} : { Query: q }),
    ...more,
  };
}

function describeIsolation(store: TestStore): void {
  describe(`fuzz: no worker sees another's customers (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness([], ENV, { store });
    });
    after(async () => h?.close());

    /** The store holds exactly this book. */
    async function load(book: readonly CustomerRecord[]): Promise<void> {
      const ids = new Set(book.map((c) => c.customer_id));
      const session = await h.store.beginImport();
      await session.upsert(book);
      await session.removeExcept((id) => ids.has(id));
      await session.commit();
    }

    /** A 200 list page whose customers the worker may all see; its ids, and its token. */
    async function visiblePage(book: readonly CustomerRecord[], fields: Record<string, string>) {
      const response = await h.crm(fields);
      const answer = assertDocumentedAnswer(response, []) as ListAnswer;
      assert.equal(response.statusCode, 200, response.body);
      const visible = visibleTo(book, fields.Worker as string);
      const ids = answer.objects.customers.map((c) => c.customer_id);
      for (const id of ids) assert.ok(visible.has(id), `${fields.Worker} was shown ${id}`);
      return { ids, token: answer.objects.next_page_token };
    }

    it('lists, searches, anchors and next pages show only the asking worker’s customers', async () => {
      await fc.assert(
        fc.asyncProperty(
          books,
          fc.array(ask, { minLength: 1, maxLength: 3 }),
          fc.array(identity, { minLength: 1, maxLength: 2 }),
          fc.nat(),
          async (book, asks, strangers, pick) => {
            await load(book);
            const tokens: { worker: string; query: string | undefined; pageSize: number; token: string }[] =
              [];
            for (const { worker, query: q, pageSize } of asks) {
              const seen: string[] = [];
              let token: string | undefined;
              for (let page = 0; page <= book.length + 1; page += 1) {
                const more: Record<string, string> = token === undefined ? {} : { NextPageToken: token };
                const next = await visiblePage(book, listFields(worker, pageSize, q, more));
                seen.push(...next.ids);
                token = next.token;
                if (token === undefined) break;
                tokens.push({ worker, query: q, pageSize, token });
              }
              assert.equal(token, undefined, 'the crawl ends');
              assert.equal(new Set(seen).size, seen.length, `no customer twice: ${seen}`);
              if (q === undefined) assert.deepEqual(new Set(seen), visibleTo(book, worker));
            }
            // Tokens sent back by another worker, or with another search: never another worker's customers.
            for (const [n, other] of [...asks.map((a) => a.worker), ...strangers].entries()) {
              const minted = tokens[(pick + n) % Math.max(tokens.length, 1)];
              if (minted === undefined) break;
              const q = n % 2 === 0 ? minted.query : asks[n % asks.length]?.query;
              const response = await h.crm(
                listFields(other, minted.pageSize, q, { NextPageToken: minted.token }),
              );
              assertDocumentedAnswer(response, []);
              if (keyOf(other) !== keyOf(minted.worker)) {
                assert.equal(response.statusCode, 400, response.body);
                assert.equal(
                  (response.json() as { error: { code: string } }).error.code,
                  'invalid_page_token',
                );
              } else if (response.statusCode === 200) {
                await visiblePage(
                  book,
                  listFields(other, minted.pageSize, q, { NextPageToken: minted.token }),
                );
              } else {
                assert.equal(
                  (response.json() as { error: { code: string } }).error.code,
                  'invalid_page_token',
                );
              }
            }
            // Anchors of any customer, the worker's or another's: a page of the worker's customers only.
            for (const [n, { worker, query: q, pageSize }] of asks.entries()) {
              const anchor = book[(pick + n) % Math.max(book.length, 1)]?.customer_id ?? 'nobody';
              await visiblePage(book, listFields(worker, pageSize, q, { Anchor: anchor }));
            }
          },
        ),
        fuzzParameters(30),
      );
    });

    it('details, templates and outgoing answer only for the asking worker’s customers', async () => {
      await fc.assert(
        fc.asyncProperty(
          books,
          fc.array(fc.tuple(identity, fc.nat()), { minLength: 1, maxLength: 4 }),
          async (book, asks) => {
            await load(book);
            for (const [worker, pick] of asks) {
              const id =
                book.length === 0 ? 'nobody' : (book[pick % book.length] as CustomerRecord).customer_id;
              const visible = visibleTo(book, worker).has(id);
              const details = await h.crm({
                Location: 'GetCustomerDetailsByCustomerId',
                Worker: worker,
                CustomerId: id,
              });
              const answers = [
                details,
                await h.post('/callbacks/templates', {
                  Location: 'GetTemplatesByCustomerId',
                  Worker: worker,
                  CustomerId: id,
                }),
                await h.post('/callbacks/outgoing-conversation', {
                  Location: 'GetProxyAddress',
                  Worker: worker,
                  CustomerId: id,
                  ChannelType: 'sms',
                }),
              ];
              for (const response of answers) {
                const body = assertDocumentedAnswer(response, []) as { error?: { code: string } };
                if (visible) assert.equal(response.statusCode, 200, `${worker} ${id}: ${response.body}`);
                else
                  assert.equal(body.error?.code, 'customer_not_found', `${worker} ${id}: ${response.body}`);
              }
              if (visible) {
                const { objects } = details.json() as { objects: { customer: { customer_id: string } } };
                assert.equal(objects.customer.customer_id, id);
              }
            }
          },
        ),
        fuzzParameters(40),
      );
    });
  });
}

for (const store of STORES) describeIsolation(store);
