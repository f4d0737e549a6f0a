// Name ranks (src/stores/sqlite/name-rank.ts): whatever imports do (fill, add, rename, replace, use up a gap),
// ranks sort exactly like (name_key, customer_id), and the trigram index is keyed by them, so that the whole-book
// search that reads matches in rank order lists them in name order.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import type { CustomerStore, ListedCustomer } from '../../src/directory/customer-store.ts';
import { customerKeys, searchQuery } from '../../src/directory/text-key.ts';
import { Database } from '../../src/stores/sqlite/driver.ts';
import { migrate } from '../../src/stores/sqlite/migrate.ts';
import { MIGRATIONS } from '../../src/stores/sqlite/migrations.ts';
import { RANK_GAP, rankBetween } from '../../src/stores/sqlite/name-rank.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { importBook } from '../support/import-book.ts';

const root = mkdtempSync(join(tmpdir(), 'frontline-rank-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(root, `rank-${++files}.db`);

const customer = (id: string, name: string, email?: string): CustomerRecord => ({
  customer_id: id,
  display_name: name,
  workers: ['alice@example.com'],
  ...(email === undefined ? {} : { channels: [{ type: 'email' as const, value: email }] }),
});

async function importInto(store: CustomerStore, records: CustomerRecord[], replace = false) {
  await importBook(store, records, replace);
}

interface RankRow {
  customer_id: string;
  name_key: string;
  email_key: string;
  name_rank: number | null;
}

/** Ranks: none missing, all distinct, in (name_key, customer_id) byte order; each one's trigram entries findable. */
function assertRanked(path: string): RankRow[] {
  const db = new Database(path, { readonly: true });
  try {
    const byName = db
      .prepare(
        'SELECT customer_id, name_key, email_key, name_rank FROM customers ORDER BY name_key, customer_id',
      )
      .all() as RankRow[];
    const byRank = db.prepare('SELECT customer_id FROM customers ORDER BY name_rank').pluck().all();
    assert.ok(
      byName.every((row) => row.name_rank !== null),
      'every customer has a rank',
    );
    assert.deepEqual(
      byRank,
      byName.map((row) => row.customer_id),
      'rank order is name order',
    );
    const match = db.prepare('SELECT rowid FROM customer_search WHERE customer_search MATCH ?').pluck();
    for (const row of byName) {
      // The name and the e-mail, each as a phrase: the customer's own index entry, under its current rank.
      for (const text of [row.name_key, row.email_key].filter((t) => t.length >= 3)) {
        const found = match.all(`"${text.replaceAll('"', '""')}"`) as number[];
        assert.ok(found.includes(row.name_rank as number), `${row.customer_id} is indexed under its rank`);
      }
    }
    // Nothing indexed under a rank nobody has (a stale entry of a renamed or replaced customer).
    const orphans = db
      .prepare(
        `SELECT count(*) FROM customer_search AS s LEFT JOIN customers AS c ON c.name_rank = s.rowid
          WHERE s.customer_search MATCH '"ana" OR "zed" OR "exa"' AND c.id IS NULL`,
      )
      .pluck()
      .get();
    assert.equal(orphans, 0, 'no stale index entries');
    return byName;
  } finally {
    db.close();
  }
}

/** A whole-book tier-1 search by every route against the names, e-mails and positions the book implies. */
async function assertWholeBookSearch(path: string, text: string) {
  const query = searchQuery(text);
  assert.ok(query);
  const store = await openSqliteStore(path, { ftsCandidateLimit: 0 });
  try {
    const listed: ListedCustomer[] = [];
    let afterPosition = null;
    for (;;) {
      const page = await store.list({
        scope: { kind: 'all' },
        search: query,
        after: afterPosition,
        limit: 3,
      });
      listed.push(...page);
      const last = page.at(-1);
      if (page.length < 3 || last === undefined) break;
      afterPosition = last.position;
    }
    const db = new Database(path, { readonly: true });
    const rows = db
      .prepare('SELECT customer_id, name_key, email_key FROM customers ORDER BY name_key, customer_id')
      .all() as RankRow[];
    db.close();
    const expected = [
      ...rows.filter((r) => r.name_key.startsWith(query.text)),
      ...rows.filter(
        (r) =>
          !r.name_key.startsWith(query.text) &&
          (r.name_key.includes(query.text) || r.email_key.includes(query.text)),
      ),
    ].map((r) => r.customer_id);
    assert.deepEqual(
      listed.map((c) => c.customer_id),
      expected,
      `"${text}"`,
    );
  } finally {
    await store.close();
  }
}

describe('name ranks (SQLite)', () => {
  it('takes the midpoint between neighbours, and gives up when no integer is left between them', () => {
    assert.equal(rankBetween({ before: undefined, after: undefined }), RANK_GAP);
    assert.equal(rankBetween({ before: 10, after: 20 }), 15);
    assert.equal(rankBetween({ before: 10, after: undefined }), 10 + RANK_GAP);
    assert.equal(rankBetween({ before: undefined, after: 10 }), 10 - RANK_GAP);
    assert.equal(rankBetween({ before: 10, after: 11 }), null);
    assert.equal(rankBetween({ before: 2 ** 52 - 1, after: undefined }), null);
  });

  it('ranks a filled book in name order, then keeps the order through additions and renames', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    try {
      const names = [
        'Ana Zed',
        'Bob Example',
        'Zoë Ana',
        'Ànna Maria',
        'Mary Anne',
        'Łukasz Zed',
        'Otto Exa',
      ];
      await importInto(
        store,
        names.map((name, i) =>
          customer(`c${i}`, name, `${name.split(' ')[0]?.toLowerCase()}${i}@example.com`),
        ),
      );
      const filled = assertRanked(path);
      // An empty book is filled in one pass at the end: ranks one gap apart.
      assert.deepEqual(
        filled.map((row) => row.name_rank),
        filled.map((_, i) => (i + 1) * RANK_GAP),
      );
      // Before the first, between two, after the last; a rename that moves a customer; a new e-mail only.
      await importInto(store, [
        customer('a0', 'Aaron Ana'),
        customer('m9', 'Mary Anna'),
        customer('zz', 'Zz Top'),
      ]);
      assertRanked(path);
      await importInto(store, [
        customer('c0', 'Zulu Ana', 'zulu@example.com'),
        customer('c1', 'Bob Example', 'new@exa.org'),
      ]);
      const after = assertRanked(path);
      // Small imports did not renumber: the customers nobody touched kept their ranks.
      assert.equal(
        after.find((row) => row.customer_id === 'c2')?.name_rank,
        filled.find((r) => r.customer_id === 'c2')?.name_rank,
      );
      for (const text of ['ana', 'zed', 'exa', 'example.com', 'mar']) await assertWholeBookSearch(path, text);
    } finally {
      await store.close();
    }
  });

  it('spreads the neighbours out when a gap is used up, leaving the rest of the book where it was', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    try {
      const far = Array.from({ length: 200 }, (_, i) =>
        customer(`f${String(i).padStart(3, '0')}`, `Far ${i} Ana`),
      );
      await importInto(store, [customer('a', 'Alpha Ana'), customer('z', 'Gap Zed'), ...far]);
      const before = new Map(assertRanked(path).map((row) => [row.customer_id, row.name_rank]));
      // Each new customer sorts right after the previous one and before "gap zed": every write halves that gap, and
      // twenty of them use it up; the sixty that follow keep finding room.
      for (let i = 1; i <= 60; i++) {
        const id = `g${String(i).padStart(2, '0')}`;
        if (i % 2 === 0) await importInto(store, [customer(id, `Gap Ana ${id}`)]);
        else
          assert.equal(
            (await store.putRecord(customer(id, `Gap Ana ${id}`), { kind: 'any' })).kind,
            'created',
          );
        assertRanked(path);
      }
      // Renames into the crowded place and out of it, and a customer moved to its own neighbour's old place.
      await importInto(store, [
        customer('f010', 'Gap Ana g30b'),
        customer('g31', 'Zulu Ana'),
        customer('g32', 'Gap Ana g31'),
      ]);
      const after = assertRanked(path);
      const unmoved = after.filter((row) => row.customer_id.startsWith('f') && row.customer_id !== 'f010');
      assert.ok(unmoved.length > 150);
      for (const row of unmoved) assert.equal(row.name_rank, before.get(row.customer_id), row.customer_id);
      await assertWholeBookSearch(path, 'ana');
      await assertWholeBookSearch(path, 'gap');
      await importInto(store, [customer('r2', 'Rana Beta'), customer('r1', 'Ana Rho')], true);
      assert.deepEqual(
        assertRanked(path).map((row) => row.customer_id),
        ['r1', 'r2'],
      );
      await assertWholeBookSearch(path, 'ana');
    } finally {
      await store.close();
    }
  });

  it('rebuilds ranks and the index once when an import moves more than a twentieth of a big book', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    const renumbered = () =>
      assertRanked(path)
        .map((row) => row.name_rank as number)
        .every((rank, at) => rank === (at + 1) * RANK_GAP);
    try {
      const size = 12_000;
      const names = (i: number) => `Ana ${(i * 7919) % size}`;
      await importInto(
        store,
        Array.from({ length: size }, (_, i) => customer(`c${i}`, names(i))),
      );
      // A few additions take midpoints between their neighbours: no renumbering.
      await importInto(
        store,
        Array.from({ length: 50 }, (_, i) => customer(`x${i}`, `${names(i)} b`)),
      );
      assert.equal(renumbered(), false);
      // Every name changes, each to just past its old place (one move into a gap with room, so no gap runs out):
      // past 10,000 moved entries the import stops moving them, and renumbers at its end.
      await importInto(
        store,
        Array.from({ length: size }, (_, i) => customer(`c${i}`, `${names(i)} c`)),
      );
      assert.equal(renumbered(), true);
      await assertWholeBookSearch(path, 'ana');
    } finally {
      await store.close();
    }
  });

  it('ranks a book created before migration 4 when it is opened', async () => {
    const path = freshPath();
    const db = new Database(path);
    await migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version <= 3),
    );
    const insert = db.prepare(
      `INSERT INTO customers (customer_id, display_name, avatar, name_key, email_key, phone_key, doc, workers)
       VALUES (?, ?, NULL, ?, ?, '', '{}', '[]')`,
    );
    const index = db.prepare(
      'INSERT INTO customer_search (rowid, name_key, email_key, phone_key) VALUES (?, ?, ?, ?)',
    );
    for (const [id, name] of [
      ['k1', 'Mary Ana'],
      ['k2', 'Ana Zed'],
      ['k3', 'Ólafur Ana'],
    ] as const) {
      const keys = customerKeys({ display_name: name });
      const rowid = Number(insert.run(id, name, keys.name, keys.email).lastInsertRowid);
      index.run(rowid, keys.name, keys.email, keys.phone);
    }
    db.close();
    await (await openSqliteStore(path)).close();
    assert.deepEqual(
      assertRanked(path).map((row) => row.customer_id),
      ['k2', 'k1', 'k3'],
    );
    await assertWholeBookSearch(path, 'ana');
  });
});
