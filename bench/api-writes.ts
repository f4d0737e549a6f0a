// The directory API's writes, against `frontline serve` on the book as users run it, with a key made by
// `frontline api-key create`: single PUTs one after the other (each customer changed, then back, so the book ends
// as it began), then the CRM list's first pages measured alone and while PUTs stream in beside them, so that the
// cost a write stream puts on the reps' scrolling shows as the list's p99.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Book, runNode } from './book.ts';
import { type LoadOptions, measureSlice, type Slice } from './load.ts';
import { firstPages, sign } from './requests.ts';
import { sampleBook } from './sample.ts';
import { BENCH_AUTH_TOKEN, BIN, startFrontline, storeEnv } from './server.ts';

export interface ApiWriteResult {
  customers: number;
  /** PUTs one at a time over one keep-alive connection: every one a real change. */
  puts: { writes: number; perSecond: number; serverCpuMsPerWrite: number; p99Ms: number };
  /** The CRM list's first pages alone, and with `streams` PUT loops running beside them. */
  list: { alone: ListLoad; withWrites: ListLoad & { writesPerSecond: number; writeP99Ms: number } };
}

interface ListLoad {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

export interface ApiWriteOptions {
  /** The book with every record changed (writes.ts makes it). */
  changed: string;
  /** Customers written one at a time (each twice: changed, then back). */
  upserts: number;
  load: LoadOptions;
  /** PUT loops beside the list load. */
  streams: number;
  log: (line: string) => void;
}

const KEY_NAME = `bench-${process.pid}`;

export async function measureApiWrites(book: Book, options: ApiWriteOptions): Promise<ApiWriteResult> {
  const env = { DATABASE_URL: book.database, ...storeEnv() };
  const key = (await runNode([BIN, 'api-key', 'create', KEY_NAME], env, 'pipe')).stdout.trim();
  const server = await startFrontline({ database: book.database, visibility: 'assigned' });
  try {
    const [changed, original] = await Promise.all([
      firstRecords(options.changed, options.upserts),
      firstRecords(book.ndjson, options.upserts),
    ]);
    const put = putter(server.baseUrl, key);
    options.log(`PUT ${changed.length * 2} customers one at a time through the directory API`);
    const cpu = server.cpuSeconds();
    const started = performance.now();
    const times: number[] = [];
    for (const record of [...changed, ...original]) times.push(await put(record));
    const seconds = (performance.now() - started) / 1000;
    const writes = times.length;
    const puts = {
      writes,
      perSecond: writes / seconds,
      serverCpuMsPerWrite: ((server.cpuSeconds() - cpu) * 1000) / writes,
      p99Ms: percentile(times, 0.99),
    };

    const sample = await sampleBook(book.ndjson, book.customers, 2000);
    const url = `${server.baseUrl}/callbacks/crm`;
    const pool = firstPages(sample, 2000).map((fields) => sign(url, BENCH_AUTH_TOKEN, fields));
    options.log('the CRM list alone, then with PUTs streaming in beside it');
    const alone = listLoad(await measureSlice(url, pool, options.load));
    let streaming = true;
    const writeTimes: number[] = [];
    const loops = Array.from({ length: options.streams }, async (_, stream) => {
      for (let i = stream; streaming; i += options.streams) {
        // Each record changed and back again in turn, so the book ends as it began.
        const record = (i % (2 * changed.length) < changed.length ? changed : original)[i % changed.length];
        if (record !== undefined) writeTimes.push(await put(record));
      }
    });
    const beside = await measureSlice(url, pool, options.load);
    streaming = false;
    await Promise.all(loops);
    // Written back whatever the loops stopped on: every customer as in the book.
    for (const record of original) await put(record);
    return {
      customers: book.customers,
      puts,
      list: {
        alone,
        withWrites: {
          ...listLoad(beside),
          writesPerSecond: writeTimes.length / (options.load.duration + options.load.warmup),
          writeP99Ms: percentile(writeTimes, 0.99),
        },
      },
    };
  } finally {
    await server.stop();
    await runNode([BIN, 'api-key', 'revoke', KEY_NAME], env, 'ignore').catch(() => {});
  }
}

/** PUTs a record and resolves with its milliseconds; a status but 200 or 201 fails the bench. */
function putter(baseUrl: string, key: string) {
  return async (record: { customer_id: string }): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/customers/${encodeURIComponent(record.customer_id)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    await response.arrayBuffer();
    if (response.status !== 200 && response.status !== 201)
      throw new Error(`PUT ${record.customer_id}: ${response.status}`);
    return performance.now() - started;
  };
}

function listLoad(slice: Slice): ListLoad {
  return {
    requestsPerSecond: slice.requests / slice.seconds,
    p50: percentile(slice.latencies, 0.5),
    p99: percentile(slice.latencies, 0.99),
  };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** The first `count` records of an NDJSON book, as its lines hold them (already valid: demo-data wrote them). */
export async function firstRecords(path: string, count: number): Promise<{ customer_id: string }[]> {
  const records: { customer_id: string }[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (records.length >= count) break;
    records.push(JSON.parse(line) as { customer_id: string });
  }
  lines.close();
  return records;
}
