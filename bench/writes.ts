// What writing costs at each book size, after the book's reads are measured: `frontline import` of the same book with
// every record changed (what a nightly CRM export is), then of the original again, so the book ends as it began; and
// single-record writes, each in its own transaction (bench/single-upserts.ts, a process of its own); and the same two
// imports streamed through POST /api/v1/imports (bench/api-imports.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiImportResult, measureApiImports } from './api-imports.ts';
import { type ApiWriteResult, measureApiWrites } from './api-writes.ts';
import { type Book, demoBook, frontline, runNode } from './book.ts';
import type { LoadOptions } from './load.ts';
import { storeEnv } from './server.ts';

export interface WriteResult {
  customers: number;
  /** Wall seconds of `frontline import` of the book with every record changed. */
  reimportSeconds: number;
  /** The same for the original book written back over it (every record changed again). */
  restoreSeconds: number;
  /** Microseconds of wall time per record, over both re-imports. */
  microsPerRecord: number;
  singleWrites: { writes: number; perSecond: number; cpuMsPerWrite: number };
  /** The same writes through the directory API of a running server, and the CRM list beside them. */
  api: ApiWriteResult;
  /** The same re-import and restore, streamed through POST /api/v1/imports. */
  apiImport: ApiImportResult;
}

export interface WriteOptions {
  /** Where the changed book's NDJSON is kept (and reused). */
  dir: string;
  seed: number;
  /** Customers written one at a time (each twice: changed, then back). */
  upserts: number;
  /** The CRM list load measured beside the API's writes. */
  load: LoadOptions;
  log: (line: string) => void;
}

/** PUT loops beside the list load: a CRM pushing changes a few at a time. */
const API_STREAMS = 2;

// Another seed gives every customer id of the book other names, channels, details and workers.
const CHANGED_SEED_OFFSET = 1000;

export async function measureWrites(book: Book, options: WriteOptions): Promise<WriteResult> {
  const changed = await changedBook(book, options);
  const env = { DATABASE_URL: book.database, ...storeEnv() };
  options.log(
    `re-importing ${book.customers.toLocaleString('en-US')} changed customers, then the original back`,
  );
  const reimportSeconds = await frontline(['import', changed], env);
  const restoreSeconds = await frontline(['import', book.ndjson], env);
  options.log(`writing ${options.upserts * 2} single customers`);
  const single = await singleWrites(changed, book.ndjson, options.upserts, env);
  const api = await measureApiWrites(book, {
    changed,
    upserts: options.upserts,
    load: options.load,
    streams: API_STREAMS,
    log: options.log,
  });
  const apiImport = await measureApiImports(book, changed, options.log);
  return {
    customers: book.customers,
    reimportSeconds,
    restoreSeconds,
    microsPerRecord: ((reimportSeconds + restoreSeconds) * 1e6) / (2 * book.customers),
    singleWrites: {
      writes: single.writes,
      perSecond: single.writes / single.seconds,
      cpuMsPerWrite: single.cpuMs / single.writes,
    },
    api,
    apiImport,
  };
}

async function changedBook(book: Book, { dir, seed }: WriteOptions): Promise<string> {
  const changedSeed = seed + CHANGED_SEED_OFFSET;
  const path = join(dir, `book-${book.customers}x${book.workers}-s${seed}-changed-s${changedSeed}.ndjson`);
  if (!existsSync(path)) await demoBook(path, book.customers, book.workers, changedSeed);
  return path;
}

async function singleWrites(
  changed: string,
  original: string,
  count: number,
  env: Record<string, string>,
): Promise<{ writes: number; seconds: number; cpuMs: number }> {
  const script = new URL('./single-upserts.ts', import.meta.url).pathname;
  const argv = ['--import', 'tsx', script, changed, original, `${count}`];
  const run = await runNode(argv, env, 'pipe', 'single writes');
  return JSON.parse(run.stdout);
}
