// One import, start to finish: read records as a stream, validate and normalize each, upsert in batches inside one
// store transaction, and commit only when the rules allow. One batch is held at a time, and invalid records are
// reported as they are met rather than collected; what grows with the file is one entry per customer_id (its first
// line), about 55 bytes each, so that a customer_id given twice is reported with both lines instead of merged.
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import type { ImportEntry } from './import-entry.ts';
import { normalizeRecord } from './normalize.ts';
import { problemsText } from './problems.ts';
import { readRecords } from './read-records.ts';
import { columnNamer } from './source-columns.ts';

const BATCH_SIZE = 1000;

export interface ImportOptions {
  source: string;
  format?: 'ndjson' | 'csv' | undefined;
  replace: boolean;
  /** Write the valid records even when some are invalid (by default one invalid record cancels the import). */
  skipInvalid: boolean;
  defaultCountry?: CountryCode | undefined;
  onInvalid: (line: number, reason: string) => void;
  onProgress?: ((bytesRead: number, totalBytes: number | undefined, records: number) => void) | undefined;
}

export interface ImportResult {
  committed: boolean;
  written: number;
  invalid: number;
}

export async function importCustomers(store: CustomerStore, options: ImportOptions): Promise<ImportResult> {
  const session = await store.beginImport({ replace: options.replace });
  let batch: CustomerRecord[] = [];
  let written = 0;
  let invalid = 0;
  let seen = 0;
  const firstLines = new Map<string, number>();
  try {
    const records = readRecords(options.source, {
      format: options.format,
      onProgress: (bytesRead: number, totalBytes: number | undefined) =>
        options.onProgress?.(bytesRead, totalBytes, seen),
    });
    for await (const entry of records) {
      seen += 1;
      const result = check(entry, options);
      const earlier = result.ok ? firstLines.get(result.record.customer_id) : undefined;
      if (!result.ok || earlier !== undefined) {
        invalid += 1;
        options.onInvalid(
          entry.line,
          result.ok ? `customer_id "${result.record.customer_id}" is also on line ${earlier}` : result.reason,
        );
        continue;
      }
      firstLines.set(result.record.customer_id, entry.line);
      // Once the import is bound to fail, keep reading only to report every invalid record.
      if (invalid > 0 && !options.skipInvalid) continue;
      batch.push(result.record);
      if (batch.length >= BATCH_SIZE) {
        await session.upsert(batch);
        written += batch.length;
        batch = [];
      }
    }
    if (invalid > 0 && !options.skipInvalid) {
      await session.rollback();
      return { committed: false, written: 0, invalid };
    }
    if (batch.length > 0) await session.upsert(batch);
    written += batch.length;
    await session.commit();
    return { committed: true, written, invalid };
  } catch (error) {
    await session.rollback().catch(() => {});
    throw error;
  }
}

type Checked = { ok: true; record: CustomerRecord } | { ok: false; reason: string };

/** The record, or why not in the words of its file: NDJSON by JSON path, CSV by column (`column sms: ...`). */
function check(entry: ImportEntry, options: ImportOptions): Checked {
  if ('error' in entry) return { ok: false, reason: entry.error };
  const result = normalizeRecord(entry.raw, { defaultCountry: options.defaultCountry });
  if (result.ok || entry.columns === undefined) return result;
  return { ok: false, reason: problemsText(result.problems, columnNamer(entry.columns())) };
}
