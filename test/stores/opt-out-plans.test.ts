// The plans behind "one keyed probe a channel, never a scan" (src/directory/opt-out-store.ts), read with EXPLAIN on
// tables big enough for the planner to care: every read path's added cost is its channels' opt-outs, looked up by
// primary key, and so is every explicit change an import or an API write makes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChannelAddress } from '../../src/directory/address.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { CLEAR_SQL, OPTED_OUT_SQL, SET_SQL } from '../../src/stores/postgres/opt-out-store.ts';
import { openPostgresStore } from '../../src/stores/postgres/postgres-store.ts';
import { Database } from '../../src/stores/sqlite/driver.ts';
import { OPT_IN_SQL, OPT_OUT_PROBE_SQL } from '../../src/stores/sqlite/opt-out-store.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.ts';
import { tempDir } from '../support/temp-dir.ts';

const ROWS = 20_000;
const PAGE = 1000;
const number = (n: number) => `+1212${String(5_000_000 + n).padStart(7, '0')}`;
const addresses = (from: number, count: number): ChannelAddress[] =>
  Array.from({ length: count }, (_, i) => ({
    type: i % 2 === 0 ? 'sms' : 'whatsapp',
    key: number(from + i),
  }));

async function fill(store: CustomerStore): Promise<void> {
  const session = await store.beginImport();
  await session.setOptOuts(addresses(0, ROWS).map((address) => ({ address, optedOutAt: new Date() })));
  await session.commit();
}

describe('SQLite opt-out plans', () => {
  let path: string;
  before(async () => {
    path = join(tempDir('opt-out-plans-'), 'plans.db');
    const store = await openSqliteStore(path);
    await fill(store);
    await store.close();
  });

  it('probes the primary key for each address read, and for each one cleared', () => {
    const db = new Database(path, { readonly: true });
    try {
      const plan = (sql: string) =>
        (
          db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ type: 'sms', key: number(2), at: '' }) as {
            detail: string;
          }[]
        )
          .map((row) => row.detail)
          .join(' | ');
      const probe = /^SEARCH opt_outs USING PRIMARY KEY \(channel_type=\? AND address=\?\)$/;
      assert.match(plan(OPT_OUT_PROBE_SQL), probe);
      assert.match(plan(OPT_IN_SQL), probe);
    } finally {
      db.close();
    }
  });
});

describe('PostgreSQL opt-out plans', () => {
  let db: TestDatabase;
  let store: CustomerStore;
  let schema: string;
  before(async () => {
    db = await createTestDatabase();
    const url = await db.freshSchemaUrl();
    schema = new URL(url).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1] ?? '';
    store = await openPostgresStore(url);
    await fill(store);
    await db.admin(`ANALYZE ${schema}.opt_outs`);
  });
  after(async () => {
    await store.close();
    await db.drop();
  });

  async function plan(sql: string, values: unknown[]): Promise<string> {
    // As the store runs them: no planner setting changed (seq scans allowed), with the values a call sends.
    await db.admin(`BEGIN; SET LOCAL search_path = ${schema}, public`);
    try {
      const { rows } = await db.admin(`EXPLAIN (COSTS OFF) ${sql}`, values);
      return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'].trim()).join(' | ');
    } finally {
      await db.admin('ROLLBACK');
    }
  }
  const probes =
    /Nested Loop .*Function Scan on (unnest )?k .*Limit .*Index Scan using opt_outs_pkey on opt_outs .*Index Cond: \(\(channel_type = .* AND \(address = /;

  it('reads a details answer and a 1,000-record page with one primary-key probe a channel, never a scan', async () => {
    // A page's worth is where a plain join turned into a hash of the whole table.
    for (const wanted of [addresses(100, 3), addresses(ROWS - PAGE / 2, PAGE)]) {
      const text = await plan(OPTED_OUT_SQL, [wanted.map((a) => a.type), wanted.map((a) => a.key)]);
      assert.match(text, probes, `${wanted.length} addresses`);
      assert.doesNotMatch(text, /Seq Scan|Hash/, `${wanted.length} addresses`);
      assert.equal((await store.optOuts.optedOut(wanted)).size, Math.min(wanted.length, PAGE / 2));
    }
  });

  it('clears and sets explicit changes by primary key', async () => {
    const cleared = await plan(CLEAR_SQL, ['sms', number(2)]);
    assert.match(cleared, /Delete on opt_outs .*Index Scan using opt_outs_pkey on opt_outs/);
    assert.doesNotMatch(cleared, /Seq Scan/);
    const wanted = addresses(ROWS - PAGE / 2, PAGE);
    const columns = [wanted.map((a) => a.type), wanted.map((a) => a.key)];
    const set = await plan(SET_SQL, [...columns, wanted.map(() => new Date())]);
    assert.match(set, /Insert on opt_outs .*Conflict Arbiter Indexes: opt_outs_pkey/);
    assert.doesNotMatch(set, /Seq Scan/);
  });
});
