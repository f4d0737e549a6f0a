// Single-record writes (the directory API's PUT and DELETE), each one transaction on a pooled connection: the import's
// advisory lock shared, so that writes run beside each other but never inside an import (which holds it alone), then
// a lock on this one customer_id, so that two writes of one customer take turns even when it does not exist yet
// (a row lock cannot guard a row that is not there). The stored record is read after both locks, checked against
// the condition, and written through the import's own writer: both paths keep the same rows and indexes.
import type { CustomerRecord } from '../../directory/customer.ts';
import type {
  PutOutcome,
  RemoveOutcome,
  StoredRecord,
  WriteCondition,
} from '../../directory/customer-store.ts';
import type { OptOutChange } from '../../directory/opt-out-store.ts';
import { storeBusy } from '../../errors.ts';
import {
  asStored,
  conditionHolds,
  RECORD_COLUMNS,
  type RecordColumns,
  storedRecord,
} from '../record-write.ts';
import { type Run, withConnection } from './connection.ts';
import { IMPORT_LOCK_KEY } from './import-session.ts';
import { writeOptOutChanges } from './opt-out-store.ts';
import type { Pool } from './pool.ts';
import { removeRecords, writeRecords } from './record-writer.ts';

/** Client-side limits of one write: `waitMs` for its locks (a running import, a write of the same customer), `budgetMs` for the rest. */
export interface WriteLimits {
  waitMs: number;
  budgetMs: number;
}

// The whole write, its waits included, under one statement limit of its own; the single-bigint advisory key space
// is apart from the two-integer one the import lock uses.
const begin = ({ waitMs, budgetMs }: WriteLimits) =>
  `BEGIN; SET LOCAL lock_timeout = ${waitMs}; SET LOCAL statement_timeout = ${waitMs + budgetMs};
  SELECT pg_advisory_xact_lock_shared(${IMPORT_LOCK_KEY})`;
const CUSTOMER_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '/' || $1, 0))";
const READ = `SELECT ${RECORD_COLUMNS} FROM customers WHERE customer_id = $1`;
const LOCK_TIMEOUT = '55P03';

export async function putRecord(
  pool: Pool,
  limits: WriteLimits,
  record: CustomerRecord,
  condition: WriteCondition,
  optOuts: readonly OptOutChange[],
): Promise<PutOutcome> {
  return write(pool, limits, record.customer_id, async (run, current) => {
    if (!conditionHolds(current, condition)) return { kind: 'precondition_failed' };
    const counts = await writeRecords(run, [record]);
    await writeOptOutChanges(run, optOuts);
    const kind = counts.added > 0 ? 'created' : counts.updated > 0 ? 'replaced' : 'unchanged';
    return { kind, stored: asStored(record) };
  });
}

export async function removeRecord(
  pool: Pool,
  limits: WriteLimits,
  customerId: string,
  condition: WriteCondition,
): Promise<RemoveOutcome> {
  return write(pool, limits, customerId, async (run, current) => {
    if (current === null) return { kind: 'not_found' };
    if (!conditionHolds(current, condition)) return { kind: 'precondition_failed' };
    await removeRecords(run, [customerId]);
    return { kind: 'removed' };
  });
}

function write<R>(
  pool: Pool,
  limits: WriteLimits,
  customerId: string,
  work: (run: Run, current: StoredRecord | null) => Promise<R>,
): Promise<R> {
  return withConnection(pool, limits.budgetMs + limits.waitMs, async (run) => {
    try {
      await run(begin(limits));
      await run(CUSTOMER_LOCK, [customerId]);
    } catch (error) {
      await run('ROLLBACK').catch(() => {});
      throw (error as { code?: unknown }).code === LOCK_TIMEOUT ? storeBusy(error) : error;
    }
    try {
      const [row] = await run<RecordColumns>(READ, [customerId]);
      const result = await work(run, row === undefined ? null : storedRecord(row));
      await run('COMMIT');
      return result;
    } catch (error) {
      await run('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}
