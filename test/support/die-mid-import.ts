// A process that opens a store, starts a replacing import, writes `records` new customers and is killed before it
// commits: what a crash mid-import leaves behind, for each store to check. Asserts that it did die that way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.ts';

export interface StoreOpener {
  /** The store's entry module, relative to src/stores (`sqlite/sqlite-store.ts`). */
  module: string;
  /** Its open function (`openSqliteStore`), called with `target` alone. */
  open: string;
  /** A file path or a database URL. */
  target: string;
}

export function dieMidImport({ module, open, target }: StoreOpener, records: number): void {
  const child = join(tempDir(), 'die-mid-import.mts');
  const storeModule = new URL(`../../src/stores/${module}`, import.meta.url).href;
  writeFileSync(
    child,
    `import { ${open} } from ${JSON.stringify(storeModule)};
    const store = await ${open}(${JSON.stringify(target)});
    const session = await store.beginImport();
    const records = Array.from({ length: ${records} }, (_, i) => ({ customer_id: 'n' + i, display_name: 'New ' + i, workers: [] }));
    await session.upsert(records);
    await session.removeExcept((id) => id.startsWith('n'));
    process.kill(process.pid, 'SIGKILL');`,
  );
  const result = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8' });
  assert.equal(result.signal, 'SIGKILL', result.stderr);
}
