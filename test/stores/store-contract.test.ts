// What every CustomerStore must do, tested through the port only: this same suite runs on each store of
// test/support/stores.ts (SQLite and PostgreSQL; TEST_STORES narrows them), a new store added there runs it too.
// Each adapter's own test file tests what only that adapter has. Expected lists come from a small reference model
// (`expectedList`) built on text-key.ts, the one definition of keys and order.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type ChannelAddress, parseAddress } from '../../src/directory/address.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import type { CustomerStore, ListedCustomer, Position, Scope } from '../../src/directory/customer-store.ts';
import {
  type CustomerKeys,
  customerKeys,
  type SearchQuery,
  type SearchWord,
  searchQuery,
  workerKey,
} from '../../src/directory/text-key.ts';
import type { WorkerProfile } from '../../src/directory/worker.ts';
import { customer } from '../support/customer.ts';
import { importBook, writeBook } from '../support/import-book.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const ALICE = 'Alice@Example.com';
const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';
const all: Scope = { kind: 'all' };
const worker = (identity: string): Scope => ({ kind: 'worker', workerKey: workerKey(identity) });
const search = (text: string): SearchQuery => {
  const query = searchQuery(text);
  assert.ok(query, `"${text}" is a search`);
  return query;
};

const sms = (value: string) => ({ type: 'sms' as const, value });
const email = (value: string) => ({ type: 'email' as const, value });

/** A hand-made book: accents, case, ties, punctuation, a customer nobody is assigned. */
const BOOK: CustomerRecord[] = [
  customer('c01', 'Zoë Adams', [ALICE], {
    avatar: 'https://example.com/zoe.png',
    channels: [sms('+12125550199'), email('Zoe.Adams@Example.com')],
  }),
  customer('c02', 'zoe baker', [ALICE, BOB]),
  customer('c03', 'ZOE Carter', [BOB]),
  customer('c04', 'Émile Zola', [ALICE]),
  customer('c05', 'Adam Zoeller', [CAROL]),
  customer('c06', '50% Off Deals', [ALICE]),
  customer('c07', '5000 Club', [ALICE]),
  customer('c08', 'under_score Ltd', [ALICE]),
  customer('c09', 'underXscore Inc', [ALICE]),
  customer('c10', 'Star*Corp', [BOB]),
  customer('c11', 'The "Quoted" Co', [ALICE]),
  customer('c12', "O'Brien Pat", [ALICE]),
  customer('c13', 'Paren (Group)', [ALICE]),
  customer('c14', 'Parent Group', [ALICE]),
  customer('x9', 'Sam Lee', [ALICE]),
  customer('x10', 'SAM LEE', [ALICE]),
  customer('c15', 'Nobody Assigned', []),
  customer('c16', 'Mail Only', [BOB], { channels: [email('zoe.fan@example.org')] }),
  customer('c17', 'Łukasz Straße', [CAROL], {
    channels: [sms('+442079460958'), { type: 'whatsapp', value: 'whatsapp:+15550001111' }],
  }),
];

// A generated book where some searches match many customers, so both the trigram route and the walk are exercised.
function generatedBook(size: number): CustomerRecord[] {
  const first = [
    'Anna',
    'Ánna',
    'John',
    'Jonas',
    'Mary',
    'Marta',
    'Zoë',
    'Søren',
    'Sonia',
    'Bob',
    'Li',
    'Ed',
  ];
  const last = ['Johnson', 'Anderson', 'Smith', 'Sonnberg', 'Marsh', 'Lee', 'Ng', 'Ørsted', 'Jackson', 'Doe'];
  const staff = [ALICE, 'ALICE@example.com', BOB, CAROL];
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
  return Array.from({ length: size }, (_, i) => {
    const name = `${first[next(first.length)]} ${last[next(last.length)]}${next(4) === 0 ? ` ${next(90)}` : ''}`;
    const phone = `+1${212 + next(3)}555${String(next(10000)).padStart(4, '0')}`;
    const mail = `${name.toLowerCase().replaceAll(' ', '.')}@${next(2) === 0 ? 'example.com' : 'mail.org'}`;
    const workers = [
      staff[next(staff.length)] ?? ALICE,
      ...(next(3) === 0 ? [staff[next(staff.length)] ?? BOB] : []),
    ];
    return customer(`g${String(i).padStart(4, '0')}`, name, workers, {
      ...(next(3) === 0 ? { avatar: `https://example.com/${i}.png` } : {}),
      channels: [sms(phone), email(mail)],
    });
  });
}

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const comparePositions = (a: Position, b: Position) =>
  a.tier - b.tier || bytes(a.name, b.name) || bytes(a.customerId, b.customerId);

/** The reference model: what list() must return, as (customer_id, position) pairs in order. */
function expectedList(records: readonly CustomerRecord[], scope: Scope, query: SearchQuery | null) {
  const rows: { customer_id: string; position: Position }[] = [];
  for (const record of records) {
    if (scope.kind === 'worker' && !record.workers.some((w) => workerKey(w) === scope.workerKey)) continue;
    const keys = customerKeys(record);
    let tier: 0 | 1;
    if (query === null) tier = 0;
    else if (!matches(keys, query)) continue;
    else tier = keys.name.startsWith(query.words[0]?.text ?? '') ? 0 : 1;
    rows.push({
      customer_id: record.customer_id,
      position: { tier, name: keys.name, customerId: record.customer_id },
    });
  }
  return rows.sort((a, b) => comparePositions(a.position, b.position));
}

/** Every word in the name, the e-mail or (its digits) a phone number, or the national number in a phone number. */
function matches(keys: CustomerKeys, query: SearchQuery): boolean {
  const holds = ({ text, digits }: SearchWord) =>
    keys.name.includes(text) || keys.email.includes(text) || (digits !== null && keys.phone.includes(digits));
  return query.words.every(holds) || (query.national !== null && keys.phone.includes(query.national));
}

/** Every page of a listing, following `after` from each page's last position. */
async function listAll(store: CustomerStore, scope: Scope, query: SearchQuery | null, pageSize: number) {
  const seen: ListedCustomer[] = [];
  let after: Position | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store.list({ scope, search: query, after, limit: pageSize });
    assert.ok(page.length <= pageSize, 'a page never exceeds its limit');
    seen.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return seen;
    after = last.position;
  }
  throw new Error('paging did not end');
}

const idsAndPositions = (listed: readonly ListedCustomer[]) =>
  listed.map((c) => ({ customer_id: c.customer_id, position: c.position }));
const ids = (listed: readonly { customer_id: string }[]) => listed.map((c) => c.customer_id);

async function firstPage(store: CustomerStore, scope: Scope, text: string | null, limit = 100) {
  return store.list({ scope, search: text === null ? null : search(text), after: null, limit });
}

function describeStoreContract(adapter: TestStore): void {
  describe(`CustomerStore contract (${adapter.name})`, () => {
    const opened: CustomerStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    async function storeWith(records: readonly CustomerRecord[], ftsCandidateLimit = 1000) {
      const store = await adapter.open({ ftsCandidateLimit });
      opened.push(store);
      if (records.length > 0) await importRecords(store, records, false);
      return store;
    }

    async function importRecords(store: CustomerStore, records: readonly CustomerRecord[], replace: boolean) {
      await importBook(store, records, replace);
    }

    describe('listing', () => {
      it('orders by folded name, case- and accent-insensitively, ties by customer_id byte order', async () => {
        const store = await storeWith(BOOK);
        const page = await firstPage(store, worker(ALICE), null);
        assert.deepEqual(ids(page), [
          'c06',
          'c07',
          'c04',
          'c12',
          'c13',
          'c14',
          'x10',
          'x9',
          'c11',
          'c08',
          'c09',
          'c01',
          'c02',
        ]);
        assert.deepEqual(page[0], {
          customer_id: 'c06',
          display_name: '50% Off Deals',
          position: { tier: 0, name: '50% off deals', customerId: 'c06' },
        });
        assert.deepEqual(page.at(-2), {
          customer_id: 'c01',
          display_name: 'Zoë Adams',
          avatar: 'https://example.com/zoe.png',
          position: { tier: 0, name: 'zoe adams', customerId: 'c01' },
        });
      });

      it('compares UTF-8 bytes, not UTF-16 code units, beyond the Basic Multilingual Plane', async () => {
        const book = [
          customer('e1', '\u{1F600} Smile', [ALICE]),
          customer('e2', '\uE000 Private', [ALICE]),
          customer('e3', '\uFFFD Replacement', [ALICE]),
          customer('e4', 'z \u{1F600}', [ALICE]),
        ];
        const store = await storeWith(book);
        assert.deepEqual(ids(await firstPage(store, worker(ALICE), null)), ['e4', 'e2', 'e3', 'e1']);
        assert.deepEqual(ids(await firstPage(store, worker(ALICE), '\u{1F600}')), ['e1', 'e4']);
        assert.deepEqual(ids(await firstPage(store, all, '\uE000')), ['e2']);
      });

      it('scopes: a worker sees only assigned customers, `all` sees the whole book', async () => {
        const store = await storeWith(BOOK);
        for (const scope of [worker(ALICE), worker(BOB), worker(CAROL), worker('nobody@example.com'), all]) {
          assert.deepEqual(
            idsAndPositions(await firstPage(store, scope, null)),
            expectedList(BOOK, scope, null),
          );
        }
        assert.ok(ids(await firstPage(store, all, null)).includes('c15'));
        assert.deepEqual(await firstPage(store, worker('nobody@example.com'), null), []);
      });

      it('matches worker identities case-insensitively, and lists a customer once when listed twice', async () => {
        const store = await storeWith([customer('d1', 'Dana', ['Alice@Example.com', 'alice@example.com'])]);
        const scope: Scope = { kind: 'worker', workerKey: workerKey('alice@example.COM') };
        assert.deepEqual(ids(await firstPage(store, scope, null)), ['d1']);
        assert.equal((await store.get('d1', scope))?.customer_id, 'd1');
      });

      it('pages with `after` visit every customer in scope exactly once, in order', async () => {
        const book = generatedBook(120);
        const store = await storeWith(book);
        for (const scope of [worker(ALICE), worker(BOB), worker(CAROL), all]) {
          const expected = expectedList(book, scope, null);
          for (const pageSize of [1, 2, 7]) {
            assert.deepEqual(idsAndPositions(await listAll(store, scope, null, pageSize)), expected);
          }
        }
      });

      it('continues strictly after a position even when no customer holds it', async () => {
        const store = await storeWith(BOOK);
        const after: Position = { tier: 0, name: 'sam lee', customerId: 'x0' };
        const page = await store.list({ scope: worker(ALICE), search: null, after, limit: 3 });
        assert.deepEqual(ids(page), ['x10', 'x9', 'c11']);
        const beyond: Position = { tier: 1, name: '', customerId: '' };
        assert.deepEqual(await store.list({ scope: all, search: null, after: beyond, limit: 3 }), []);
      });

      it('returns nothing for an empty book or a zero limit', async () => {
        const empty = await storeWith([]);
        assert.deepEqual(await firstPage(empty, all, null), []);
        assert.deepEqual(await firstPage(empty, all, 'zoe'), []);
        const store = await storeWith(BOOK);
        assert.deepEqual(await store.list({ scope: all, search: null, after: null, limit: 0 }), []);
      });
    });

    describe('search', () => {
      it('finds a name fragment, an unaccented spelling, an e-mail and phone digits', async () => {
        const store = await storeWith(BOOK);
        assert.deepEqual(ids(await firstPage(store, all, 'baker')), ['c02']);
        assert.deepEqual(ids(await firstPage(store, all, 'lukasz strasse')), ['c17']);
        assert.deepEqual(ids(await firstPage(store, all, 'ZOË')), ['c01', 'c02', 'c03', 'c05', 'c16']);
        assert.deepEqual(ids(await firstPage(store, all, 'zoe.adams@example')), ['c01']);
        assert.deepEqual(ids(await firstPage(store, all, '555 0199')), ['c01']);
        assert.deepEqual(ids(await firstPage(store, all, '+1 (212) 555-0199')), ['c01']);
        assert.deepEqual(ids(await firstPage(store, all, '5550001111')), ['c17']);
        assert.deepEqual(ids(await firstPage(store, all, '7946')), ['c17']);
        assert.deepEqual(await firstPage(store, all, 'nothing like it'), []);
      });

      it('puts names that start with the text (tier 0) before other matches (tier 1)', async () => {
        const store = await storeWith(BOOK);
        const page = await firstPage(store, all, 'zo');
        assert.deepEqual(
          page.map((c) => [c.customer_id, c.position.tier]),
          [
            ['c01', 0],
            ['c02', 0],
            ['c03', 0],
            ['c05', 1],
            ['c04', 1],
            ['c16', 1],
          ],
        );
        assert.deepEqual(ids(await firstPage(store, worker(ALICE), 'zo')), ['c01', 'c02', 'c04']);
      });

      it('matches punctuation literally: % _ * " \' ( are plain characters', async () => {
        const store = await storeWith(BOOK);
        const cases: [string, string[]][] = [
          ['50%', ['c06']],
          ['%', ['c06']],
          ['under_score', ['c08']],
          ['_', ['c08']],
          ['r*c', ['c10']],
          ['*', ['c10']],
          ['"quoted"', ['c11']],
          ['"', ['c11']],
          ["o'brien", ['c12']],
          ['paren (', ['c13']],
          ['(group)', ['c13']],
          ['(', ['c13']],
        ];
        for (const [text, expected] of cases) {
          assert.deepEqual(ids(await firstPage(store, all, text)), expected, `search ${text}`);
        }
      });

      it('folds apostrophes, hyphens and dots alike in names, e-mails and queries', async () => {
        const book = [
          customer('p1', 'O’Brien Pat', [ALICE]),
          customer('p2', "O'Brien Sam", [ALICE]),
          customer('p3', 'Jean-Marie Dupont', [ALICE], { channels: [email('jean-marie.d@example.com')] }),
          customer('p4', 'Anne St. John', [ALICE]),
          customer('p5', 'Obrien Lee', [ALICE]),
        ];
        const stores = [await storeWith(book, 0), await storeWith(book, 1000)];
        const cases: [string, string[]][] = [
          ['obrien', ['p5', 'p1', 'p2']],
          ["o'brien", ['p5', 'p1', 'p2']],
          ['O’BRIEN', ['p5', 'p1', 'p2']],
          ['o‘brien pat', ['p1']],
          ['jean marie', ['p3']],
          ['jean-marie', ['p3']],
          ['marie dupont', ['p3']],
          ['jean-marie.d@example', ['p3']],
          ['st john', ['p4']],
          ['st. john', ['p4']],
        ];
        for (const store of stores) {
          for (const [text, expected] of cases) {
            assert.deepEqual(ids(await firstPage(store, all, text)), expected, `search ${text}`);
            assert.deepEqual(
              idsAndPositions(await firstPage(store, all, text)),
              expectedList(book, all, search(text)),
            );
          }
        }
      });

      it('finds every word of the query in any order, in name, e-mail or phone, first-word names first', async () => {
        const book = [
          customer('w1', 'Zoë Martin', [ALICE], { channels: [sms('+12125550101'), email('zm@example.com')] }),
          customer('w2', 'Martin Zoeller', [ALICE, BOB]),
          customer('w3', 'Martina Lee', [BOB], { channels: [email('zoe.fan@example.org')] }),
          customer('w4', 'Martin Smith', [ALICE], { channels: [sms('+12125550199')] }),
          customer('w5', 'Zoe Adams', [BOB]),
        ];
        const stores = [await storeWith(book, 0), await storeWith(book, 1), await storeWith(book, 1000)];
        for (const store of stores) {
          const page = await firstPage(store, all, 'martin zoe');
          assert.deepEqual(
            page.map((c) => [c.customer_id, c.position.tier]),
            [
              ['w2', 0],
              ['w3', 0],
              ['w1', 1],
            ],
          );
          assert.deepEqual(ids(await firstPage(store, all, 'zoe martin')), ['w1', 'w2', 'w3']);
          assert.deepEqual(ids(await firstPage(store, all, 'martin 0199')), ['w4']);
          assert.deepEqual(ids(await firstPage(store, all, 'zm@example martin')), ['w1']);
          assert.deepEqual(ids(await firstPage(store, worker(BOB), 'zoe martin')), ['w2', 'w3']);
          for (const text of ['martin zoe', 'zoe mar', 'z m', 'lee mar', '0101 zoe', 'martin zoe nobody']) {
            for (const scope of [all, worker(ALICE), worker(BOB)]) {
              assert.deepEqual(
                idsAndPositions(await listAll(store, scope, search(text), 2)),
                expectedList(book, scope, search(text)),
                text,
              );
            }
          }
        }
      });

      it('finds a number typed in the national form of DEFAULT_COUNTRY, as it is typed', async () => {
        const book = [
          customer('n1', 'Ada Lovelace', [ALICE], { channels: [sms('+442079460018')] }),
          customer('n2', 'Alan Turing', [ALICE], { channels: [sms('+12079460018')] }),
          customer('n3', 'Grace Hopper', [ALICE], { channels: [sms('+33207946001')] }),
        ];
        const gb = (text: string) => searchQuery(text, { defaultCountry: 'GB' });
        const stores = [await storeWith(book, 0), await storeWith(book, 1000)];
        for (const store of stores) {
          for (const [text, expected] of [
            ['0 20 7946 0018', ['n1']],
            ['020 7946 0018', ['n1']],
            ['(020) 7946-0018', ['n1']],
            ['0 20 79', ['n1']],
            ['020794', ['n1']],
            ['+44 20 7946 0018', ['n1']],
            ['20 7946 0018', ['n1', 'n2']],
          ] as const) {
            const query = gb(text);
            assert.ok(query);
            const listed = await store.list({ scope: all, search: query, after: null, limit: 10 });
            assert.deepEqual(ids(listed), expected, text);
            assert.deepEqual(idsAndPositions(listed), expectedList(book, all, query), text);
            for (const found of listed) {
              assert.deepEqual(await store.positionOf(found.customer_id, all, query), found.position);
            }
          }
          // Without a default country there is no national form to read the number in.
          assert.deepEqual(ids(await firstPage(store, all, '020 7946 0018')), []);
          assert.deepEqual(
            ids(
              await store.list({
                scope: all,
                search: searchQuery('0 20 7946', { defaultCountry: 'FR' }),
                after: null,
                limit: 10,
              }),
            ),
            ['n3'],
          );
        }
      });

      it('takes query-language look-alikes as plain text', async () => {
        const book = [
          ...BOOK,
          customer('q1', 'NOT OR AND', [ALICE]),
          customer('q2', 'col:value {x} ^top', [ALICE]),
          customer('q3', 'Say """hi"""', [ALICE]),
          customer('q4', "'; DROP TABLE customers; --", [ALICE]),
        ];
        const stores = [await storeWith(book, 0), await storeWith(book, 1000)];
        const texts = [
          'not or',
          'or and',
          '"""',
          '""hi',
          'col:value',
          '{x}',
          '^top',
          'near(',
          "'; drop",
          '; --',
        ];
        for (const text of texts) {
          for (const store of stores) {
            const listed = await firstPage(store, all, text);
            assert.deepEqual(idsAndPositions(listed), expectedList(book, all, search(text)), text);
          }
        }
        assert.equal(await stores[1]?.count(), book.length);
      });

      it('pages through search results, across the tier boundary, exactly once each', async () => {
        const book = generatedBook(150);
        const store = await storeWith(book);
        for (const text of ['jo', 'son', 'an', 'ed', '555', 'mar']) {
          for (const scope of [worker(ALICE), all]) {
            const expected = expectedList(book, scope, search(text));
            assert.ok(
              expected.some((c) => c.position.tier === 1),
              `"${text}" has tier-1 matches`,
            );
            for (const pageSize of [1, 2, 7]) {
              const listed = await listAll(store, scope, search(text), pageSize);
              assert.deepEqual(idsAndPositions(listed), expected, `"${text}" in pages of ${pageSize}`);
            }
          }
        }
      });

      it('gives the same results by the trigram index and by walking the name order', async () => {
        const book = generatedBook(300);
        const stores = [await storeWith(book, 0), await storeWith(book, 1), await storeWith(book, 1000)];
        const texts = [
          'son',
          'anna',
          'johnson',
          'ørsted',
          'orsted',
          'example.com',
          '555',
          '212 555',
          'zzz',
          'e',
          'on',
        ];
        for (const text of texts) {
          for (const scope of [worker(BOB), all]) {
            const expected = expectedList(book, scope, search(text));
            for (const [i, store] of stores.entries()) {
              for (const pageSize of [7, 30]) {
                const listed = await listAll(store, scope, search(text), pageSize);
                assert.deepEqual(
                  idsAndPositions(listed),
                  expected,
                  `"${text}", store ${i}, pages of ${pageSize}`,
                );
              }
            }
          }
        }
      });

      it('keeps to the scope whichever route a search takes', async () => {
        const stores = [await storeWith(BOOK, 0), await storeWith(BOOK, 1), await storeWith(BOOK, 1000)];
        for (const text of ['ar*co', 'zola', 'oeller', 'ukasz', 'example.com', '2125550199']) {
          for (const scope of [worker(ALICE), worker(BOB), worker(CAROL), all]) {
            const expected = expectedList(BOOK, scope, search(text));
            for (const store of stores) {
              assert.deepEqual(idsAndPositions(await firstPage(store, scope, text)), expected, text);
            }
          }
        }
      });

      it('answers short (one- and two-character) searches', async () => {
        const book = generatedBook(80);
        const store = await storeWith(book);
        for (const text of ['a', 'z', 'ø', '5', '21', 'ng', '@']) {
          const expected = expectedList(book, all, search(text));
          assert.deepEqual(idsAndPositions(await listAll(store, all, search(text), 7)), expected, text);
        }
      });
    });

    describe('positionOf', () => {
      it('gives the position a listing shows, for the same scope and search', async () => {
        const book = generatedBook(60);
        const store = await storeWith(book);
        for (const query of [null, search('an'), search('555 1')]) {
          for (const scope of [worker(CAROL), all]) {
            for (const listed of await listAll(store, scope, query, 30)) {
              assert.deepEqual(await store.positionOf(listed.customer_id, scope, query), listed.position);
            }
          }
        }
      });

      it('is null for an unknown customer, one out of scope or one the search does not match', async () => {
        const store = await storeWith(BOOK);
        assert.equal(await store.positionOf('nope', all, null), null);
        assert.equal(await store.positionOf('c03', worker(ALICE), null), null);
        assert.equal(await store.positionOf('c01', worker(ALICE), search('baker')), null);
        assert.deepEqual(await store.positionOf('c04', worker(ALICE), search('zo')), {
          tier: 1,
          name: 'emile zola',
          customerId: 'c04',
        });
        assert.deepEqual(await store.positionOf('c15', all, search('nobody')), {
          tier: 0,
          name: 'nobody assigned',
          customerId: 'c15',
        });
      });
    });

    describe('get', () => {
      it('returns the whole customer in scope, with absent fields omitted', async () => {
        const store = await storeWith([
          ...BOOK,
          customer('full', 'Full Record', [ALICE], {
            avatar: 'https://example.com/a.png',
            channels: [sms('+15550100'), email('full@example.com')],
            links: [
              { type: 'Salesforce', value: 'https://example.my.salesforce.com/1', display_name: 'Open' },
            ],
            details: { title: 'Notes', content: 'Line one\nLine two' },
          }),
        ]);
        assert.deepEqual(await store.get('full', worker(ALICE)), {
          customer_id: 'full',
          display_name: 'Full Record',
          avatar: 'https://example.com/a.png',
          channels: [sms('+15550100'), email('full@example.com')],
          links: [{ type: 'Salesforce', value: 'https://example.my.salesforce.com/1', display_name: 'Open' }],
          details: { title: 'Notes', content: 'Line one\nLine two' },
        });
        const bare = await store.get('c02', worker(BOB));
        assert.deepEqual(bare, { customer_id: 'c02', display_name: 'zoe baker' });
        assert.deepEqual(Object.keys(bare ?? {}), ['customer_id', 'display_name']);
        assert.deepEqual(await store.get('c15', all), {
          customer_id: 'c15',
          display_name: 'Nobody Assigned',
        });
      });

      it('is null out of scope and for an unknown customer', async () => {
        const store = await storeWith(BOOK);
        assert.equal(await store.get('c03', worker(ALICE)), null);
        assert.equal(await store.get('c15', worker(ALICE)), null);
        assert.equal(await store.get('missing', all), null);
        assert.equal(await store.get('missing', worker(ALICE)), null);
      });
    });

    describe('import', () => {
      it('upsert replaces fields, search keys and assignments of an existing customer', async () => {
        const store = await storeWith(BOOK);
        await importRecords(
          store,
          [customer('c02', 'Yolanda Baker', [CAROL], { avatar: 'https://example.com/y.png' })],
          false,
        );
        assert.equal(await store.get('c02', worker(ALICE)), null);
        assert.equal(await store.get('c02', worker(BOB)), null);
        assert.deepEqual(await store.get('c02', worker(CAROL)), {
          customer_id: 'c02',
          display_name: 'Yolanda Baker',
          avatar: 'https://example.com/y.png',
        });
        assert.deepEqual(ids(await firstPage(store, all, 'zoe b')), []);
        assert.deepEqual(ids(await firstPage(store, all, 'yolanda')), ['c02']);
        assert.deepEqual(ids(await firstPage(store, worker(CAROL), null)), ['c05', 'c17', 'c02']);
        assert.equal(await store.count(), BOOK.length);
      });

      it('keeps the last of two records with the same customer_id in one import', async () => {
        const store = await adapter.open({ ftsCandidateLimit: 1000 });
        opened.push(store);
        const session = await store.beginImport();
        await session.upsert([customer('r1', 'First Name', [ALICE])]);
        await session.upsert([customer('r1', 'Second Name', [BOB])]);
        await session.commit();
        assert.deepEqual(ids(await firstPage(store, worker(BOB), 'second')), ['r1']);
        assert.deepEqual(await firstPage(store, worker(ALICE), null), []);
        assert.deepEqual(await firstPage(store, all, 'first'), []);
        assert.equal(await store.count(), 1);
      });

      it('replace: the committed store holds exactly what the import wrote', async () => {
        const store = await storeWith(BOOK);
        const fresh = [customer('n1', 'Zoë New', [BOB]), customer('c01', 'Zoë Adams', [CAROL])];
        await importRecords(store, fresh, true);
        assert.equal(await store.count(), 2);
        assert.deepEqual(idsAndPositions(await firstPage(store, all, null)), expectedList(fresh, all, null));
        assert.deepEqual(ids(await firstPage(store, all, 'zoe')), ['c01', 'n1']);
        assert.deepEqual(ids(await firstPage(store, worker(ALICE), null)), []);
        assert.deepEqual(ids(await firstPage(store, worker(CAROL), 'adams')), ['c01']);
        assert.equal(await store.get('c02', all), null);
        assert.deepEqual(
          (await collect(store.exportAll())).map((r) => r.customer_id),
          ['c01', 'n1'],
        );
      });

      it('shows nothing before commit, and rollback leaves the store untouched', async () => {
        const store = await storeWith(BOOK);
        for (const replace of [false, true]) {
          const session = await store.beginImport();
          await writeBook(
            session,
            [customer('new', 'Zoë Pending', [ALICE]), customer('c01', 'Renamed', [BOB])],
            replace,
          );
          assert.equal(await store.count(), BOOK.length);
          assert.equal(await store.get('new', all), null);
          await session.rollback();
          assert.equal(await store.count(), BOOK.length);
          assert.deepEqual(await store.get('c01', worker(ALICE)), {
            customer_id: 'c01',
            display_name: 'Zoë Adams',
            avatar: 'https://example.com/zoe.png',
            channels: [sms('+12125550199'), email('Zoe.Adams@Example.com')],
          });
          assert.deepEqual(
            idsAndPositions(await firstPage(store, all, 'zoe')),
            expectedList(BOOK, all, search('zoe')),
          );
        }
        await importRecords(store, [customer('after', 'After Rollback', [ALICE])], false);
        assert.equal(await store.count(), BOOK.length + 1);
        assert.deepEqual(ids(await firstPage(store, worker(ALICE), 'after rollback')), ['after']);
      });

      it('refuses to use a session after commit or rollback', async () => {
        const store = await storeWith([]);
        const session = await store.beginImport();
        await session.commit();
        await assert.rejects(session.upsert([customer('late', 'Late', [])]));
        await assert.rejects(session.commit());
        assert.equal(await store.count(), 0);
      });
    });

    describe('findByAddress', () => {
      const people: CustomerRecord[] = [
        customer('p1', 'Pat Phone', [ALICE], {
          channels: [
            sms('+12125550199'),
            email('Pat.Phone@Example.COM'),
            { type: 'chat', value: 'pat-chat' },
          ],
        }),
        customer('p2', 'Wanda Whats', [BOB], {
          channels: [{ type: 'whatsapp', value: 'whatsapp:+12125550199' }],
        }),
        customer('p3', 'Sam Same', [], { channels: [sms('+447700900123')] }),
        customer('p4', 'Sam Twin', [], { channels: [sms('+447700900123')] }),
      ];
      const find = async (store: CustomerStore, raw: string) =>
        (await store.findByAddress(parseAddressOrFail(raw)))?.customer_id ?? null;

      it('finds a customer through the channel of the matching type, whatever the spelling', async () => {
        const store = await storeWith(people);
        assert.equal(await find(store, '+1 212-555-0199'), 'p1');
        assert.equal(await find(store, '+12125550199'), 'p1');
        assert.equal(await find(store, 'whatsapp:+12125550199'), 'p2');
        assert.equal(await find(store, 'WhatsApp:+1 (212) 555-0199'), 'p2');
        assert.equal(await find(store, 'pat.phone@example.com'), 'p1');
      });

      it('returns the whole record, workers included, and the lowest customer_id among several', async () => {
        const store = await storeWith(people);
        const found = await store.findByAddress(parseAddressOrFail('+12125550199'));
        assert.deepEqual(found, people[0]);
        assert.equal(await find(store, '+44 7700 900123'), 'p3');
        assert.equal(await find(store, 'whatsapp:+447700900123'), 'p3', 'falls back to another channel type');
      });

      it('is null for an unknown address and follows upserts and replace', async () => {
        const store = await storeWith(people);
        assert.equal(await find(store, '+13125550000'), null);
        await importRecords(
          store,
          [customer('p1', 'Pat Phone', [ALICE], { channels: [sms('+13125550000')] })],
          false,
        );
        assert.equal(await find(store, '+13125550000'), 'p1');
        assert.equal(await find(store, 'pat.phone@example.com'), null);
        await importRecords(store, [customer('z1', 'Zed', [])], true);
        assert.equal(await find(store, '+13125550000'), null);
        assert.equal(await find(store, '+12125550199'), null);
      });
    });

    describe('worker profiles', () => {
      const profiles = [
        { identity: ALICE, display_name: 'Alice Smith', first_name: 'Alice', last_name: 'Smith' },
        { identity: BOB, first_name: 'Bob' },
      ];
      async function importProfiles(store: CustomerStore, items: readonly WorkerProfile[], replace: boolean) {
        const session = await store.beginWorkerImport({ replace });
        await session.upsert(items);
        await session.commit();
      }

      it('reads a profile back by workerKey, exactly as imported; null for a worker without one', async () => {
        const store = await storeWith(BOOK);
        await importProfiles(store, profiles, false);
        assert.deepEqual(await store.getWorker(workerKey('ALICE@example.COM')), profiles[0]);
        assert.deepEqual(await store.getWorker(workerKey(BOB)), profiles[1]);
        assert.equal(await store.getWorker(workerKey(CAROL)), null);
        assert.equal(await store.getWorker('nul\u0000key'), null);
      });

      it('upserts by workerKey, whatever the case; replace keeps exactly the import and leaves customers alone', async () => {
        const store = await storeWith(BOOK);
        await importProfiles(store, profiles, false);
        await importProfiles(store, [{ identity: 'BOB@example.com', display_name: 'Robert' }], false);
        assert.deepEqual(await store.getWorker(workerKey(BOB)), {
          identity: 'BOB@example.com',
          display_name: 'Robert',
        });
        assert.deepEqual(await store.getWorker(workerKey(ALICE)), profiles[0]);
        await importProfiles(store, [{ identity: CAROL, last_name: 'Jones' }], true);
        assert.equal(await store.getWorker(workerKey(ALICE)), null);
        assert.equal(await store.getWorker(workerKey(BOB)), null);
        assert.deepEqual(await store.getWorker(workerKey(CAROL)), { identity: CAROL, last_name: 'Jones' });
        assert.equal(await store.count(), BOOK.length);
      });

      it('shows nothing before commit, and rollback leaves the profiles untouched', async () => {
        const store = await storeWith([]);
        await importProfiles(store, profiles, false);
        for (const replace of [false, true]) {
          const session = await store.beginWorkerImport({ replace });
          await session.upsert([
            { identity: ALICE, display_name: 'Pending' },
            { identity: CAROL, first_name: 'C' },
          ]);
          assert.deepEqual(await store.getWorker(workerKey(ALICE)), profiles[0]);
          await session.rollback();
          assert.deepEqual(await store.getWorker(workerKey(ALICE)), profiles[0]);
          assert.deepEqual(await store.getWorker(workerKey(BOB)), profiles[1]);
          assert.equal(await store.getWorker(workerKey(CAROL)), null);
        }
      });
    });

    describe('export, count, ping', () => {
      it('exports every record exactly as imported, ordered by customer_id', async () => {
        const book = [...BOOK, ...generatedBook(1234)];
        const store = await storeWith(book);
        const exported = await collect(store.exportAll());
        const expected = [...book].sort((a, b) => bytes(a.customer_id, b.customer_id));
        assert.deepEqual(exported, expected);
        assert.deepEqual(
          exported.map((r) => Object.keys(r).join()),
          expected.map((r) => Object.keys(r).join()),
        );
        assert.deepEqual(
          exported.find((r) => r.customer_id === 'c17'),
          BOOK.find((r) => r.customer_id === 'c17'),
        );
      });

      it('counts customers and answers ping', async () => {
        const empty = await storeWith([]);
        assert.equal(await empty.count(), 0);
        assert.equal(await empty.countWorkers(), 0);
        assert.deepEqual(await collect(empty.exportAll()), []);
        await empty.ping();
        const store = await storeWith(BOOK);
        assert.equal(await store.count(), BOOK.length);
        const workers = new Set(BOOK.flatMap((record) => record.workers.map(workerKey)));
        assert.equal(await store.countWorkers(), workers.size);
        await store.ping();
      });

      it('lists worker keys in key order from a key on, a page at a time', async () => {
        assert.deepEqual(await (await storeWith([])).listWorkers('', 10), []);
        const store = await storeWith(BOOK);
        const keys = [...new Set(BOOK.flatMap((record) => record.workers.map(workerKey)))].sort();
        assert.ok(keys.length >= 3);
        assert.deepEqual(await store.listWorkers('', 100), keys);
        assert.deepEqual(await store.listWorkers('', 2), keys.slice(0, 2));
        assert.deepEqual(await store.listWorkers(keys[1] as string, 100), keys.slice(1));
        assert.deepEqual(await store.listWorkers(`${keys.at(-1)}~`, 10), []);
      });
    });
  });
}

function parseAddressOrFail(raw: string): ChannelAddress {
  const address = parseAddress(raw);
  assert.ok(address, `${raw} is an address`);
  return address;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

for (const adapter of STORES) describeStoreContract(adapter);
