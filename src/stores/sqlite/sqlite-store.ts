// The SQLite adapter's entry point: open the file (creating it when missing), migrate it, hand out the port.
import type { CustomerStore } from '../../directory/customer-store.ts';
import type { MigrationReport } from '../migrate.ts';
import { openConnection, openError } from './connection.ts';
import { migrate } from './migrate.ts';
import { SqliteCustomerStore } from './sqlite-customer-store.ts';

export interface SqliteStoreOptions {
  /**
   * Up to this many trigram candidates, a tier-1 search page is built from them; beyond it, by walking the name
   * order (README.md). Tests set it to 0 or 1 to force the walk.
   */
  ftsCandidateLimit?: number;
  /** Told what opening the store migrated (`frontline migrate` prints it). */
  onMigrated?: (report: MigrationReport) => void;
}

// Readers touch a few pages a request; the import connection gets a larger cache of its own.
const READ_CACHE_KIB = 64 * 1024;

export async function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<CustomerStore> {
  const ftsCandidateLimit = options.ftsCandidateLimit ?? 1000;
  if (!Number.isInteger(ftsCandidateLimit) || ftsCandidateLimit < 0) {
    throw new RangeError(`ftsCandidateLimit must be a whole number, 0 or more (got ${ftsCandidateLimit})`);
  }
  const db = openConnection(path, { cacheKiB: READ_CACHE_KIB });
  let report: MigrationReport;
  try {
    report = await migrate(db);
  } catch (error) {
    db.close();
    throw openError(path, error);
  }
  options.onMigrated?.(report);
  return new SqliteCustomerStore(db, ftsCandidateLimit);
}
