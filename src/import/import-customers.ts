// One import, start to finish: read records as a stream, validate and normalize each, upsert in batches inside one
// store transaction, and commit only when the rules allow. One batch is held at a time, and invalid records are
// reported as they are met rather than collected; what grows with the file is one entry per customer_id (its first
// line), about 55 bytes each, so that a customer_id given twice is reported with both lines instead of merged.
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import type { CsvDelimiter } from './csv-header.ts';
import type { TextEncoding } from './decode-text.ts';
import { normalizeRecord } from './normalize.ts';
import { readRecords } from './read-records.ts';

const BATCH_SIZE = 1000;

export interface ImportOptions {
  source: string;
  format?: 'ndjson' | 'csv' | undefined;
  /** Unset: from the byte order mark, else UTF-8 (see decode-text.ts). */
  encoding?: TextEncoding | undefined;
  /** CSV only; unset: told by the header (see csv-header.ts). */
  delimiter?: CsvDelimiter | undefined;
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
      encoding: options.encoding,
      delimiter: options.delimiter,
      onProgress: (bytesRead: number, totalBytes: number | undefined) =>
        options.onProgress?.(bytesRead, totalBytes, seen),
    });
    for await (const entry of records) {
      seen += 1;
      const result =
        'error' in entry ? { ok: false as const, reason: entry.error } : normalize(entry.raw, options);
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

function normalize(raw: unknown, options: ImportOptions) {
  return normalizeRecord(raw, { defaultCountry: options.defaultCountry });
}
