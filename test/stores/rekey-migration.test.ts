// A book stored before keys folded punctuation (SQLite migration 7, PostgreSQL migration 4) is re-keyed when the
// store opens: names, e-mails and the copies in assignments take today's keys, in name order, and search finds them.
// Each store writes its old book by hand, at the schema version before the re-key; the checks are the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerStore, Scope } from '../../src/directory/customer-store.ts';
import { customerKeys, searchQuery, workerKey } from '../../src/directory/text-key.ts';
import { migrate as migratePostgres } from '../../src/stores/postgres/migrate.ts';
import { MIGRATIONS as POSTGRES_MIGRATIONS } from '../../src/stores/postgres/migrations.ts';
import { createPool } from '../../src/stores/postgres/pool.ts';
import { Database } from '../../src/stores/sqlite/driver.ts';
import { migrate as migrateSqlite } from '../../src/stores/sqlite/migrate.ts';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/stores/sqlite/migrations.ts';
import { RENUMBER_SQL } from '../../src/stores/sqlite/name-rank.ts';
import { POSTGRES_DEFAULTS } from '../../src/stores/store-settings.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

interface OldRow {
  id: string;
  name: string;
  /** The keys as the fold before punctuation stored them. */
  nameKey: string;
  emails: string[];
  phone: string;
  workers: string[];
}

const OLD_BOOK: OldRow[] = [
  {
    id: 'k1',
    name: 'O’Brien Pat',
    nameKey: 'o’brien pat',
    emails: ['Pat.O’Brien@Example.com'],
    phone: '',
    workers: [ALICE],
  },
  {
    id: 'k2',
    name: 'Jean-Marie Dupont',
    nameKey: 'jean-marie dupont',
    emails: ['jean-marie.d@example.com'],
    phone: '12125550101',
    workers: [ALICE, BOB],
  },
  { id: 'k3', name: 'Anne St. John', nameKey: 'anne st. john', emails: [], phone: '', workers: [BOB] },
  {
    id: 'k4',
    name: 'Zoë Adams',
    nameKey: 'zoe adams',
    emails: ['zoe.adams@example.com', 'z-a@example.org'],
    phone: '',
    workers: [ALICE],
  },
];

const emailKey = (row: OldRow) => row.emails.map((e) => e.toLowerCase()).join('\n');
const doc = (row: OldRow) =>
  JSON.stringify({ channels: row.emails.map((value) => ({ type: 'email', value })) });

/** Writes OLD_BOOK at the schema version before the re-key, as that version's code did. */
async function writeOldBook(adapter: TestStore, url: string): Promise<void> {
  if (adapter.name === 'sqlite') {
    const db = new Database(url);
    try {
      await migrateSqlite(
        db,
        SQLITE_MIGRATIONS.filter((m) => m.version <= 5),
      );
      const customer = db.prepare(
        `INSERT INTO customers (customer_id, display_name, avatar, name_key, email_key, phone_key, doc, workers)
         VALUES (?, ?, NULL, ?, ?, ?, ?, ?)`,
      );
      const assignment = db.prepare(
        `INSERT INTO assignments (worker_key, name_key, customer_id, customer, display_name, avatar, email_key, phone_key)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
      );
      for (const row of OLD_BOOK) {
        const email = emailKey(row);
        const { lastInsertRowid } = customer.run(
          row.id,
          row.name,
          row.nameKey,
          email,
          row.phone,
          doc(row),
          JSON.stringify(row.workers),
        );
        for (const w of row.workers)
          assignment.run(workerKey(w), row.nameKey, row.id, lastInsertRowid, row.name, email, row.phone);
      }
      db.exec(`DROP INDEX customers_by_rank; ${RENUMBER_SQL}`);
    } finally {
      db.close();
    }
    return;
  }
  const pool = createPool(url, POSTGRES_DEFAULTS);
  try {
    await migratePostgres(
      pool,
      POSTGRES_MIGRATIONS.filter((m) => m.version <= 2),
    );
    for (const row of OLD_BOOK) {
      await pool.query(
        `INSERT INTO customers (customer_id, display_name, name_key, email_key, phone_key, doc, workers)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.id, row.name, row.nameKey, emailKey(row), row.phone, doc(row), JSON.stringify(row.workers)],
      );
      for (const w of row.workers) {
        await pool.query('INSERT INTO assignments (worker_key, name_key, customer_id) VALUES ($1, $2, $3)', [
          workerKey(w),
          row.nameKey,
          row.id,
        ]);
      }
    }
  } finally {
    await pool.end();
  }
}

const all: Scope = { kind: 'all' };
const worker = (identity: string): Scope => ({ kind: 'worker', workerKey: workerKey(identity) });

async function ids(store: CustomerStore, scope: Scope, text: string | null) {
  const search = text === null ? null : searchQuery(text);
  return (await store.list({ scope, search, after: null, limit: 10 })).map((c) => c.customer_id);
}

for (const adapter of STORES) {
  describe(`re-keying a book stored before punctuation folded (${adapter.name})`, () => {
    it('gives every stored key today’s value, in name order, and search finds them', async () => {
      const url = await adapter.freshUrl();
      await writeOldBook(adapter, url);
      const store = await adapter.open({ url });
      const listed = await store.list({ scope: all, search: null, after: null, limit: 10 });
      assert.deepEqual(
        listed.map((c) => [c.customer_id, c.position.name]),
        [
          ['k3', 'anne st john'],
          ['k2', 'jean marie dupont'],
          ['k1', 'obrien pat'],
          ['k4', 'zoe adams'],
        ],
      );
      for (const row of OLD_BOOK) {
        const keys = customerKeys({
          display_name: row.name,
          channels: row.emails.map((value) => ({ type: 'email' as const, value })),
        });
        assert.equal(listed.find((c) => c.customer_id === row.id)?.position.name, keys.name);
        // The e-mail key was re-keyed too: its folded form finds the customer, its old form has no dots left.
        for (const line of keys.email.split('\n').filter((l) => l !== '')) {
          assert.ok((await ids(store, all, line)).includes(row.id), `${row.id} by ${line}`);
        }
      }
      assert.deepEqual(await ids(store, worker(ALICE), null), ['k2', 'k1', 'k4']);
      assert.deepEqual(await ids(store, worker(BOB), null), ['k3', 'k2']);
      assert.deepEqual(await ids(store, all, 'obrien'), ['k1']);
      assert.deepEqual(await ids(store, all, "o'brien pat"), ['k1']);
      assert.deepEqual(await ids(store, worker(BOB), 'jean marie'), ['k2']);
      assert.deepEqual(await ids(store, worker(ALICE), 'jean-marie'), ['k2']);
      assert.deepEqual(await ids(store, worker(BOB), 'st. john'), ['k3']);
      assert.deepEqual(await ids(store, all, 'zoe.adams@example.com'), ['k4']);
      assert.deepEqual(await ids(store, all, 'z-a@'), ['k4']);
    });
  });
}
