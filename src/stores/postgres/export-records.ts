// Every customer, ordered by customer_id, from one snapshot: a server-side cursor inside a read-only REPEATABLE READ
// transaction, fetched a batch at a time, so an import committed meanwhile never shows up half way through an export
// and memory holds one batch.
import type { CustomerRecord } from '../../directory/customer.ts';
import { type CustomerRow, toRecord } from '../customer-row.ts';
import { borrow, runOn } from './connection.ts';
import type { Pool } from './pool.ts';
import { storeError } from './store-errors.ts';

const BATCH = 2000;

type ExportRow = Omit<CustomerRow, 'name_key' | 'email_key' | 'phone_key'>;

export async function* exportRecords(pool: Pool): AsyncIterable<CustomerRecord> {
  const client = await borrow(pool);
  let finished = false;
  client.on('error', () => {});
  const run = (text: string) => runOn<ExportRow>(client, text, [], 0);
  try {
    // An export is a bulk read for the CLI, not a callback: the callbacks' statement timeout does not apply to it.
    await run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = 0');
    await run(`DECLARE export NO SCROLL CURSOR FOR
      SELECT customer_id, display_name, avatar, doc, workers FROM customers ORDER BY customer_id`);
    for (;;) {
      const rows = await run(`FETCH ${BATCH} FROM export`);
      for (const row of rows) yield toRecord(row);
      if (rows.length < BATCH) break;
    }
    await run('COMMIT');
    finished = true;
  } catch (error) {
    throw storeError(error);
  } finally {
    // A consumer that stops early leaves the transaction open: that connection is closed rather than pooled.
    client.release(!finished);
  }
}
