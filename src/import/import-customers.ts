// One import, start to finish: read records as a stream, validate and normalize each, upsert in batches inside one
// store transaction (and remove the customers of deletion lines, deletion-line.ts, in batches of their own), and
// commit only when the rules allow. One batch of each is held at a time, and one more in the store's hands (the
// WriteQueue below). Invalid records are reported as they are met rather than collected; what grows with the file is
// one entry per customer_id (its first line), about 55 bytes each, so that a customer_id given twice is reported with
// both lines instead of merged, and so that a replace knows which stored customers the file still lists.
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore, ImportSession, WriteCounts } from '../directory/customer-store.ts';
import type { OptOutChange } from '../directory/opt-out-store.ts';
import type { CsvDelimiter } from './csv-header.ts';
import type { TextEncoding } from './decode-text.ts';
import { lineKind } from './deletion-line.ts';
import type { ImportEntry } from './import-entry.ts';
import { customerIdOf, normalizeRecord } from './normalize.ts';
import { problemsText } from './problems.ts';
import { type ImportSource, readRecords } from './read-records.ts';
import { columnNamer } from './source-columns.ts';

const BATCH_SIZE = 1000;

/** The most a replace may remove without `force`: a number of customers, or a percentage of the book before it. */
export type RemovalLimit = { customers: number } | { percent: number };

/** A replace that would remove more than a tenth of the book is more likely a truncated export than a purge. */
export const DEFAULT_REMOVAL_LIMIT: RemovalLimit = { percent: 10 };

/** `N` customers or `P%` of the book (P may have decimals, N may not), as --max-remove and max_remove take it. */
export function removalLimitOf(text: string): RemovalLimit | undefined {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (percent !== null && Number(percent[1]) <= 100) return { percent: Number(percent[1]) };
  if (/^\d+$/.test(text.trim())) return { customers: Number(text.trim()) };
  return undefined;
}

export interface ImportOptions {
  /** A path, '-' for stdin, or a stream (which needs `format`). */
  source: ImportSource;
  format?: 'ndjson' | 'csv' | undefined;
  /** Unset: from the byte order mark, else UTF-8 (see decode-text.ts). */
  encoding?: TextEncoding | undefined;
  /** CSV only; unset: told by the header (see csv-header.ts). */
  delimiter?: CsvDelimiter | undefined;
  /** Remove every stored customer the file does not list (with skipInvalid, an invalid row still lists its own). */
  replace: boolean;
  /** Write the valid records even when some are invalid (by default one invalid record cancels the import). */
  skipInvalid: boolean;
  /** Do everything but commit: the result says what the import would have done. */
  dryRun?: boolean | undefined;
  /** How much a replace may remove before it stops (DEFAULT_REMOVAL_LIMIT when not given). */
  removalLimit?: RemovalLimit | undefined;
  /** Commit a replace whatever it removes. */
  force?: boolean | undefined;
  defaultCountry?: CountryCode | undefined;
  onInvalid: (line: number, reason: string) => void;
  onProgress?: ((bytesRead: number, totalBytes: number | undefined, records: number) => void) | undefined;
}

/**
 * Why the import did not commit:
 * - `invalid`: some records were invalid, and skipInvalid was not given;
 * - `removal-limit`: the replace would remove more than the removal limit allows, and force was not given;
 * - `unidentified`: a replace met rows it could not read at all, so it cannot tell whose customers they would keep;
 * - `dry-run`: as asked.
 */
export type ImportRefusal = 'invalid' | 'removal-limit' | 'unidentified' | 'dry-run';

export interface ImportSummary extends WriteCounts {
  /**
   * Customers removed by deletion lines. A deletion line of a customer that is not stored is passed over, not an
   * error: deleting is idempotent, so a feed replayed after a failure, or a deletion already made through the API,
   * still imports.
   */
  deleted: number;
  /** Customers a replace removed because the file does not list them. */
  removed: number;
  /** Invalid records, reported through onInvalid and not written. */
  skipped: number;
}

export interface ImportResult extends ImportSummary {
  committed: boolean;
  refusal?: ImportRefusal;
  /** Customers stored before the import (known after a replace; undefined otherwise). */
  bookBefore?: number;
  /** The removal limit as a number of customers, for a replace. */
  removalAllowed?: number;
  /** Rows a replace could not read at all (their customer_id is unknown): they would be removed if stored. */
  unidentified: number;
}

export async function importCustomers(store: CustomerStore, options: ImportOptions): Promise<ImportResult> {
  const session = await store.beginImport();
  try {
    return await run(session, options);
  } catch (error) {
    await session.rollback().catch(() => {});
    throw error;
  }
}

async function run(session: ImportSession, options: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = {
    committed: false,
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    removed: 0,
    skipped: 0,
    unidentified: 0,
  };
  const writes = new WriteQueue();
  try {
    return await readAndWrite(session, options, result, writes);
  } finally {
    // Nothing may reach the session after this returns or throws (the caller may roll back).
    await writes.settled();
  }
}

/**
 * The session's writes, one at a time and in order, with one of them in flight while the next batch is read and
 * normalized: against PostgreSQL the database writes a batch while this process prepares the next, where it used to
 * wait for each (a 1M import spent most of its time with one of the two idle). SQLite writes synchronously inside
 * the call, so there nothing overlaps and nothing changes. A failed write fails the next call to `push` or `drain`.
 */
class WriteQueue {
  #last: Promise<void> = Promise.resolve();

  /** Waits for the write in flight (rethrowing its failure), then starts `work` without waiting for it. */
  async push(work: () => Promise<void>): Promise<void> {
    await this.#last;
    const started = work();
    // Marked handled here; the failure still reaches whoever awaits #last next.
    started.catch(() => {});
    this.#last = started;
  }

  /** Waits for every write, rethrowing a failure. */
  async drain(): Promise<void> {
    await this.#last;
  }

  /** Waits for every write, whatever its outcome. */
  async settled(): Promise<void> {
    await this.#last.catch(() => {});
  }
}

async function readAndWrite(
  session: ImportSession,
  options: ImportOptions,
  result: ImportResult,
  writes: WriteQueue,
): Promise<ImportResult> {
  let batch: CustomerRecord[] = [];
  // The explicit opt-out changes of the batch's lines (a channel's opted_out_at): only lines that carry one add any.
  let optOuts: OptOutChange[] = [];
  const write = () => {
    const records = batch;
    const changes = optOuts;
    batch = [];
    optOuts = [];
    return writes.push(async () => {
      const counts = await session.upsert(records);
      result.added += counts.added;
      result.updated += counts.updated;
      result.unchanged += counts.unchanged;
      if (changes.length > 0) await session.setOptOuts(changes);
    });
  };
  let deletions: string[] = [];
  const remove = () => {
    const customerIds = deletions;
    deletions = [];
    return writes.push(async () => {
      result.deleted += await session.remove(customerIds);
    });
  };
  let seen = 0;
  const firstLines = new Map<string, number>();
  // Under replace with skipInvalid: the customers of invalid rows, left as they are stored.
  const keptInvalid = new Set<string>();
  const records = readRecords(options.source, {
    format: options.format,
    encoding: options.encoding,
    delimiter: options.delimiter,
    onProgress: (bytesRead: number, totalBytes: number | undefined) =>
      options.onProgress?.(bytesRead, totalBytes, seen),
  });
  for await (const entry of records) {
    seen += 1;
    const checked = check(entry, options);
    const id = checked.ok ? checked.customerId : undefined;
    const earlier = id === undefined ? undefined : firstLines.get(id);
    if (!checked.ok || earlier !== undefined) {
      result.skipped += 1;
      options.onInvalid(
        entry.line,
        checked.ok ? `customer_id "${id}" is also on line ${earlier}` : checked.reason,
      );
      const customerId = 'raw' in entry ? customerIdOf(entry.raw) : undefined;
      if (customerId === undefined) result.unidentified += 1;
      else if (options.replace) keptInvalid.add(customerId);
      continue;
    }
    // A deletion's customer_id is listed too: given again it is a duplicate, and a replace has removed it already
    // when it asks which customers to keep.
    firstLines.set(checked.customerId, entry.line);
    // Once the import is bound to fail, keep reading only to report every invalid record.
    if (result.skipped > 0 && !options.skipInvalid) continue;
    if (checked.record === undefined) {
      deletions.push(checked.customerId);
      if (deletions.length >= BATCH_SIZE) await remove();
    } else {
      batch.push(checked.record);
      if (checked.optOuts !== undefined) optOuts.push(...checked.optOuts);
      if (batch.length >= BATCH_SIZE) await write();
    }
  }
  if (result.skipped > 0 && !options.skipInvalid) {
    await writes.drain();
    return refuse(session, result, 'invalid');
  }
  if (batch.length > 0) await write();
  if (deletions.length > 0) await remove();
  await writes.drain();
  if (options.replace) {
    const { removed, kept } = await session.removeExcept((id) => firstLines.has(id) || keptInvalid.has(id));
    result.removed = removed;
    // Deletion lines say which customers go: they are not what the removal limit guards against.
    result.bookBefore = kept + removed + result.deleted - result.added;
    result.removalAllowed = allowedRemovals(options.removalLimit ?? DEFAULT_REMOVAL_LIMIT, result.bookBefore);
    if (!options.force && result.unidentified > 0) return refuse(session, result, 'unidentified');
    if (!options.force && result.removed > result.removalAllowed)
      return refuse(session, result, 'removal-limit');
  }
  if (options.dryRun) return refuse(session, result, 'dry-run');
  await session.commit();
  result.committed = true;
  return result;
}

async function refuse(session: ImportSession, result: ImportResult, refusal: ImportRefusal) {
  await session.rollback();
  result.refusal = refusal;
  return result;
}

function allowedRemovals(limit: RemovalLimit, bookBefore: number): number {
  return 'customers' in limit ? limit.customers : Math.floor((bookBefore * limit.percent) / 100);
}

/** A valid line: a record to upsert, or (without record) a deletion of customerId. */
type Checked =
  | { ok: true; customerId: string; record?: CustomerRecord; optOuts?: OptOutChange[] }
  | { ok: false; reason: string };

/** The line, or why not in the words of its file: NDJSON by JSON path, CSV by column (`column sms: ...`). */
function check(entry: ImportEntry, options: ImportOptions): Checked {
  if ('error' in entry) return { ok: false, reason: entry.error };
  const kind = lineKind(entry.raw);
  if (kind.kind === 'invalid') return { ok: false, reason: kind.reason };
  if (kind.kind === 'deletion') return { ok: true, customerId: kind.customerId };
  const result = normalizeRecord(entry.raw, { defaultCountry: options.defaultCountry });
  if (result.ok)
    return {
      ok: true,
      customerId: result.record.customer_id,
      record: result.record,
      optOuts: result.optOuts,
    };
  if (entry.columns === undefined) return result;
  return { ok: false, reason: problemsText(result.problems, columnNamer(entry.columns())) };
}
