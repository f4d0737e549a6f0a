// The SQLite adapter's entry point: open the file (creating it when missing), migrate it, hand out the port.
import type { CustomerStore } from '../../directory/customer-store.ts';
import type { MigrationReport } from '../migrate.ts';
import { candidateBudget, type StoreOptions, WRITE_WAIT_MS } from '../store-options.ts';
import { openConnection, openError } from './connection.ts';
import { migrate } from './migrate.ts';
import { SqliteCustomerStore } from './sqlite-customer-store.ts';

export type SqliteStoreOptions = StoreOptions;

// Readers touch a few pages a request; the import connection gets a larger cache of its own. The cache counts in the
// served process's RSS and the kernel's page cache holds the file anyway, so a page missed here costs a copy, not a
// disk read: 16 MiB keeps the 1M book's served process under 150 MB (docs/benchmarks.md, Memory).
const READ_CACHE_KIB = 16 * 1024;

export async function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<CustomerStore> {
  const ftsCandidateLimit = candidateBudget(options);
  const db = openConnection(path, { cacheKiB: READ_CACHE_KIB });
  let report: MigrationReport;
  try {
    report = await migrate(db);
  } catch (error) {
    db.close();
    throw openError(path, error);
  }
  options.onMigrated?.(report);
  return new SqliteCustomerStore(db, ftsCandidateLimit, options.writeWaitMs ?? WRITE_WAIT_MS);
}
