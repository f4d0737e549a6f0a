// One import of worker profiles (`frontline import-workers`), all or nothing: read as a stream, validate each line,
// upsert in batches inside one store transaction, and commit only when every line was valid. An identity given twice
// (case-insensitively, as workerKey matches them) is an error of the file, reported with both lines.
import type { CustomerStore } from '../directory/customer-store.ts';
import { workerKey } from '../directory/text-key.ts';
import type { WorkerProfile } from '../directory/worker.ts';
import type { CsvDelimiter } from './csv-header.ts';
import type { TextEncoding } from './decode-text.ts';
import { echo } from './field-rules.ts';
import { normalizeWorker } from './normalize-worker.ts';
import { readRecords } from './read-records.ts';
import { WORKER_CSV } from './worker-csv.ts';

const BATCH_SIZE = 1000;

export interface WorkerImportOptions {
  source: string;
  format?: 'ndjson' | 'csv' | undefined;
  /** As for customers (import-customers.ts): unset, from the byte order mark, else UTF-8. */
  encoding?: TextEncoding | undefined;
  /** CSV only; unset: told by the header. */
  delimiter?: CsvDelimiter | undefined;
  /** The store then holds exactly this file's profiles (customers are not touched). */
  replace: boolean;
  onInvalid: (line: number, reason: string) => void;
}

export interface WorkerImportResult {
  committed: boolean;
  written: number;
  invalid: number;
}

export async function importWorkers(
  store: CustomerStore,
  options: WorkerImportOptions,
): Promise<WorkerImportResult> {
  const session = await store.beginWorkerImport({ replace: options.replace });
  let batch: WorkerProfile[] = [];
  let written = 0;
  let invalid = 0;
  const firstLines = new Map<string, number>();
  try {
    const records = readRecords(options.source, {
      format: options.format,
      encoding: options.encoding,
      delimiter: options.delimiter,
      csv: WORKER_CSV,
    });
    for await (const entry of records) {
      const result =
        'error' in entry ? { ok: false as const, reason: entry.error } : normalizeWorker(entry.raw);
      const key = result.ok ? workerKey(result.profile.identity) : '';
      const earlier = firstLines.get(key);
      if (!result.ok || earlier !== undefined) {
        invalid += 1;
        options.onInvalid(
          entry.line,
          result.ok ? `identity ${echo(result.profile.identity)} is also on line ${earlier}` : result.reason,
        );
        continue;
      }
      firstLines.set(key, entry.line);
      // Once the import is bound to fail, keep reading only to report every invalid line.
      if (invalid > 0) continue;
      batch.push(result.profile);
      if (batch.length >= BATCH_SIZE) {
        await session.upsert(batch);
        written += batch.length;
        batch = [];
      }
    }
    if (invalid > 0) {
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
