// An import into an empty book writes every row once, so the per-row costs of a B-tree kept sorted while it grows
// are all waste: the assignments and addresses tables (WITHOUT ROWID, keyed by worker and by address) took their rows
// at random places, and each secondary index another random write a row. Here the rows of both tables are appended to
// temporary tables in arrival order and moved over sorted at the end (one sort, then appends), and the secondary
// indexes are dropped at the start and built at the end from one sorted pass each. All of it inside the import's
// transaction: a failed or refused import rolls the drops back with everything else.
import type { Connection } from './connection.ts';

/** Built again at the end; the unique indexes that keep the data right stay (the rank index: renumber-book.ts). */
const DEFERRED_INDEXES = ['customers_by_name', 'assignments_by_worker', 'customer_addresses_by_customer'];

const ASSIGNMENT_COLUMNS =
  'worker_key, name_key, customer_id, customer, display_name, avatar, email_key, phone_key';
const ADDRESS_COLUMNS = 'address, channel_type, customer_id, customer';

export interface FreshLoad {
  /** The table names a writer inserts assignments and addresses into while the load lasts. */
  readonly assignments: string;
  readonly addresses: string;
  /** Moves the staged rows into place and builds the dropped indexes; the load is over. */
  finish(): void;
}

/** Starts a fresh load inside the caller's transaction. */
export function startFreshLoad(db: Connection): FreshLoad {
  const recreate = DEFERRED_INDEXES.map((name) => {
    const sql = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
      .pluck()
      .get(name);
    if (typeof sql !== 'string') throw new Error(`The customer store has no index ${name}`);
    db.exec(`DROP INDEX ${name}`);
    return sql;
  });
  // Plain rowid tables: appending is the cheapest write SQLite has. In the temporary database, which lives in a file
  // of its own for an import (import-session.ts), so a million staged rows do not stay in memory.
  db.exec(`DROP TABLE IF EXISTS temp.staged_assignments; DROP TABLE IF EXISTS temp.staged_addresses;
    CREATE TABLE temp.staged_assignments AS SELECT ${ASSIGNMENT_COLUMNS} FROM main.assignments WHERE 0;
    CREATE TABLE temp.staged_addresses AS SELECT ${ADDRESS_COLUMNS} FROM main.customer_addresses WHERE 0;`);
  return {
    assignments: 'temp.staged_assignments',
    addresses: 'temp.staged_addresses',
    finish() {
      // OR IGNORE and sorted by each table's key, as the row-by-row INSERT OR IGNORE would have left them.
      db.exec(`INSERT OR IGNORE INTO main.assignments (${ASSIGNMENT_COLUMNS})
          SELECT ${ASSIGNMENT_COLUMNS} FROM temp.staged_assignments ORDER BY worker_key, name_key, customer_id;
        INSERT OR IGNORE INTO main.customer_addresses (${ADDRESS_COLUMNS})
          SELECT ${ADDRESS_COLUMNS} FROM temp.staged_addresses ORDER BY address, customer_id, channel_type;
        DROP TABLE temp.staged_assignments; DROP TABLE temp.staged_addresses;`);
      for (const sql of recreate) db.exec(sql);
    },
  };
}
