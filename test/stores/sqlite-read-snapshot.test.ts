// The SQLite store reads in one transaction per event-loop turn (src/stores/sqlite/read-snapshot.ts): what is
// read in one turn comes from one committed book, a commit elsewhere is seen from the next turn, the store's own
// imports are seen at once, and the snapshot never outlives its turn (checkpoints) nor the store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { Database } from '../../src/stores/sqlite/driver.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { customer } from '../support/customer.ts';

const root = mkdtempSync(join(tmpdir(), 'frontline-snapshot-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;

const ALL = { kind: 'all' } as const;
const ALICE = 'alice@example.com';

async function storeWith(records: CustomerRecord[]): Promise<{ store: CustomerStore; path: string }> {
  const path = join(root, `snapshot-${++files}.db`);
  const store = await openSqliteStore(path);
  const session = await store.beginImport();
  await session.upsert(records);
  await session.commit();
  return { store, path };
}

/** Another writer, like a `frontline import` process: its own connection, no waiting on locks. */
function otherConnection(path: string) {
  return new Database(path, { timeout: 0 });
}

const nameOf = async (store: CustomerStore, id: string) => (await store.get(id, ALL))?.display_name;

describe('SQLite read snapshots', () => {
  it('reads one committed book for the whole turn and the next commit from the next turn', async () => {
    const { store, path } = await storeWith([customer('c1', 'Ada Lovelace', [ALICE])]);
    const other = otherConnection(path);
    try {
      assert.equal(await nameOf(store, 'c1'), 'Ada Lovelace');
      other.prepare("UPDATE customers SET display_name = 'Ada King' WHERE customer_id = 'c1'").run();
      // Still this turn: the book the turn started reading.
      assert.equal(await nameOf(store, 'c1'), 'Ada Lovelace');
      const page = await store.list({ scope: ALL, search: null, after: null, limit: 10 });
      assert.deepEqual(
        page.map((row) => row.display_name),
        ['Ada Lovelace'],
      );
      await nextTurn();
      assert.equal(await nameOf(store, 'c1'), 'Ada King');
    } finally {
      other.close();
      await store.close();
    }
  });

  it("reads the store's own import as soon as it commits", async () => {
    const { store } = await storeWith([customer('c1', 'Ada Lovelace', [ALICE])]);
    try {
      let turnEnded = false;
      setImmediate(() => {
        turnEnded = true;
      });
      assert.equal(await nameOf(store, 'c1'), 'Ada Lovelace');
      const session = await store.beginImport();
      await session.upsert([customer('c1', 'Ada King', [ALICE]), customer('c2', 'Grace Hopper', [ALICE])]);
      await session.commit();
      assert.equal(await nameOf(store, 'c1'), 'Ada King');
      assert.equal(await nameOf(store, 'c2'), 'Grace Hopper');
      assert.equal(turnEnded, false, 'the import committed within the turn that opened the snapshot');
    } finally {
      await store.close();
    }
  });

  it('holds back a checkpoint for one turn at most', async () => {
    const { store, path } = await storeWith([customer('c1', 'Ada Lovelace', [ALICE])]);
    const other = otherConnection(path);
    try {
      await nameOf(store, 'c1');
      other.prepare("UPDATE customers SET display_name = 'Ada King' WHERE customer_id = 'c1'").run();
      const during = other.pragma('wal_checkpoint(TRUNCATE)', { simple: false }) as { busy: number }[];
      assert.equal(during[0]?.busy, 1, 'the open snapshot still reads frames of the WAL');
      await nextTurn();
      const afterTurn = other.pragma('wal_checkpoint(TRUNCATE)', { simple: false }) as { busy: number }[];
      assert.equal(afterTurn[0]?.busy, 0, 'the turn ended, nothing holds the WAL');
    } finally {
      other.close();
      await store.close();
    }
  });

  it('closes with a snapshot open, and the end of the turn finds nothing to do', async () => {
    const { store, path } = await storeWith([customer('c1', 'Ada Lovelace', [ALICE])]);
    await nameOf(store, 'c1');
    await store.close();
    await nextTurn();
    const other = otherConnection(path);
    try {
      const result = other.pragma('wal_checkpoint(TRUNCATE)', { simple: false }) as { busy: number }[];
      assert.equal(result[0]?.busy, 0);
    } finally {
      other.close();
    }
  });
});
