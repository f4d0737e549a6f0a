import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoRecords } from '../../src/import/demo-data.ts';
import { Database } from '../../src/stores/sqlite/driver.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { collect, runCli, startCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

test('an import killed mid-way leaves the store exactly as it was', async () => {
  const dir = tempDir();
  const db = join(dir, 'book.db');
  const before = [...demoRecords({ customers: 50, workers: 3, seed: 7 })];
  writeFileSync(join(dir, 'before.ndjson'), before.map((r) => JSON.stringify(r)).join('\n'));
  assert.equal((await runCli(['import', join(dir, 'before.ndjson')], { DATABASE_URL: db })).code, 0);

  // Feed a --replace import through stdin and stop feeding before the end: the process is then provably inside its
  // transaction (it holds the write lock, and the pipe has taken nearly all the records) when it is killed.
  const child = startCli(['import', '-', '--format', 'ndjson', '--replace'], { DATABASE_URL: db });
  const done = collect(child);
  try {
    const more = [...demoRecords({ customers: 20_000, workers: 5, seed: 9 })];
    const text = more.map((r) => JSON.stringify({ ...r, customer_id: `k${r.customer_id}` })).join('\n');
    await new Promise<void>((resolve, reject) =>
      child.stdin?.write(`${text}\n`, (error) => (error ? reject(error) : resolve())),
    );
    assert.ok(await holdsWriteLock(db), 'the import is inside its transaction');
  } finally {
    child.kill('SIGKILL');
  }
  const result = await done;
  assert.equal(result.signal, 'SIGKILL');

  const store = await openSqliteStore(db);
  try {
    assert.equal(await store.count(), 50);
    const after = [];
    for await (const record of store.exportAll()) after.push(record);
    assert.deepEqual(after, before);
  } finally {
    await store.close();
  }
});

/** True once another connection holds the database's write lock (BEGIN IMMEDIATE then fails as busy). */
async function holdsWriteLock(path: string): Promise<boolean> {
  const probe = new Database(path, { timeout: 0 });
  try {
    for (let i = 0; i < 200; i += 1) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch {
        return true;
      }
      await sleep(50);
    }
    return false;
  } finally {
    probe.close();
  }
}
