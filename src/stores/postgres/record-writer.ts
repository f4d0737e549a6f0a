// Writes customer records inside the import's transaction, a chunk at a time in a handful of statements (read the
// stored rows, drop stale assignments and addresses, upsert the rows, add the new ones), passing each column as one
// array that unnest() turns back into rows. write-plan.ts decides what changes.
import type { CustomerRecord } from '../../directory/customer.ts';
import type { WriteCounts } from '../../directory/customer-store.ts';
import { type CustomerRow, ROW_COLUMNS, toRow } from '../customer-row.ts';
import type { Run } from './connection.ts';
import {
  type Address,
  type Assignment,
  changedDocs,
  type HashedRow,
  planRemovals,
  planWrites,
  STORED_COLUMNS,
} from './write-plan.ts';

const CHUNK = 1000;
const COLUMNS = ROW_COLUMNS.join(', ');
const ARRAYS = ROW_COLUMNS.map((_, i) => `$${i + 1}::text[]`).join(', ');
const UPDATES = ROW_COLUMNS.filter((column) => column !== 'customer_id')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');
const KEYS = 'unnest($1::text[], $2::text[], $3::text[])';

export async function writeRecords(run: Run, records: readonly CustomerRecord[]): Promise<WriteCounts> {
  const counts: WriteCounts = { added: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < records.length; start += CHUNK) {
    const chunk = await writeChunk(run, records.slice(start, start + CHUNK));
    counts.added += chunk.added;
    counts.updated += chunk.updated;
    counts.unchanged += chunk.unchanged;
  }
  return counts;
}

/** Removes these customers with their assignments and addresses; returns how many there were. */
export async function removeRecords(run: Run, customerIds: readonly string[]): Promise<number> {
  let removed = 0;
  for (let start = 0; start < customerIds.length; start += CHUNK) {
    const ids = customerIds.slice(start, start + CHUNK);
    const rows = await run<{ customer_id: string; name_key: string; workers: string; doc: string }>(
      'SELECT customer_id, name_key, workers, doc FROM customers WHERE customer_id = ANY($1::text[])',
      [ids],
    );
    const plan = planRemovals(rows);
    await forget(run, plan.unassign, plan.unaddress);
    await run('DELETE FROM customers WHERE customer_id = ANY($1::text[])', [
      rows.map((row) => row.customer_id),
    ]);
    removed += rows.length;
  }
  return removed;
}

async function writeChunk(run: Run, records: readonly CustomerRecord[]): Promise<WriteCounts> {
  // One statement cannot upsert a row twice, so a chunk keeps the last record of each customer_id, as a file does.
  const rows = new Map<string, CustomerRow>();
  for (const record of records) rows.set(record.customer_id, toRow(record));
  const ids = [...rows.keys()];
  const found = await run<HashedRow>(
    `SELECT ${STORED_COLUMNS.join(', ')} FROM customers WHERE customer_id = ANY($1::text[])`,
    [ids],
  );
  const stored = new Map(found.map((row) => [row.customer_id, row]));
  const docIds = changedDocs(rows.values(), stored);
  const oldDocs = new Map<string, string>();
  if (docIds.length > 0) {
    const docs = await run<{ customer_id: string; doc: string }>(
      'SELECT customer_id, doc FROM customers WHERE customer_id = ANY($1::text[])',
      [docIds],
    );
    for (const row of docs) oldDocs.set(row.customer_id, row.doc);
  }
  const plan = planWrites(rows.values(), stored, oldDocs);

  // Stale keys go first: a customer whose name changed may keep the same worker under a new key.
  await forget(run, plan.unassign, plan.unaddress);
  if (plan.rows.length > 0) {
    await run(
      `INSERT INTO customers (${COLUMNS}) SELECT * FROM unnest(${ARRAYS})
        ON CONFLICT (customer_id) DO UPDATE SET ${UPDATES}`,
      ROW_COLUMNS.map((column) => plan.rows.map((row) => row[column])),
    );
  }
  if (plan.assign.length > 0) {
    await run(
      `INSERT INTO assignments (worker_key, name_key, customer_id) SELECT * FROM ${KEYS} ON CONFLICT DO NOTHING`,
      columns(plan.assign),
    );
  }
  if (plan.address.length > 0) {
    await run(
      `INSERT INTO customer_addresses (address, channel_type, customer_id) SELECT * FROM ${KEYS} ON CONFLICT DO NOTHING`,
      columns(plan.address),
    );
  }
  return { added: plan.added, updated: plan.rows.length - plan.added, unchanged: plan.unchanged };
}

/**
 * Assignments and addresses are deleted by their whole primary keys, so that each delete is an index lookup (the
 * import's settings keep the planner from hashing the table instead: import-session.ts; postgres-plans.test.ts).
 */
export const UNASSIGN_SQL = `DELETE FROM assignments AS a USING ${KEYS} AS d (worker_key, name_key, customer_id)
  WHERE (a.worker_key, a.name_key, a.customer_id) = (d.worker_key, d.name_key, d.customer_id)`;
export const UNADDRESS_SQL = `DELETE FROM customer_addresses AS a USING ${KEYS} AS d (address, channel_type, customer_id)
  WHERE (a.address, a.channel_type, a.customer_id) = (d.address, d.channel_type, d.customer_id)`;

async function forget(
  run: Run,
  unassign: readonly Assignment[],
  unaddress: readonly Address[],
): Promise<void> {
  if (unassign.length > 0) await run(UNASSIGN_SQL, columns(unassign));
  if (unaddress.length > 0) await run(UNADDRESS_SQL, columns(unaddress));
}

/** Three arrays, one a column, from rows of three. */
function columns(tuples: readonly (readonly [string, string, string])[]): string[][] {
  return [0, 1, 2].map((i) => tuples.map((tuple) => tuple[i] as string));
}
