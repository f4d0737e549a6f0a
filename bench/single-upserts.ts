// One customer written at a time, each in its own import session (one transaction, as the directory API will write):
// `node --import tsx bench/single-upserts.ts CHANGED.ndjson ORIGINAL.ndjson COUNT`, with DATABASE_URL set. It takes
// the first COUNT customers of both files, writes each changed record and then its original back (so every write is a
// real change and the book ends as it began), and prints {writes, seconds, cpuMs} as JSON.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config.ts';
import type { CustomerRecord } from '../src/directory/customer.ts';
import { normalizeRecord } from '../src/import/normalize.ts';
import { openStore } from '../src/stores/open-store.ts';

async function firstRecords(path: string, count: number): Promise<CustomerRecord[]> {
  const records: CustomerRecord[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (records.length >= count) break;
    const result = normalizeRecord(JSON.parse(line), {});
    if (!result.ok) throw new Error(`${path}: ${result.reason}`);
    records.push(result.record);
  }
  lines.close();
  return records;
}

const [changedFile, originalFile, countArg] = process.argv.slice(2);
if (changedFile === undefined || originalFile === undefined) throw new Error('usage: CHANGED ORIGINAL COUNT');
const count = Number(countArg ?? 200);
const [changed, original] = await Promise.all([
  firstRecords(changedFile, count),
  firstRecords(originalFile, count),
]);
const store = await openStore(loadConfig(process.env).database);
try {
  const writes = [...changed, ...original];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const record of writes) {
    const session = await store.beginImport();
    try {
      await session.upsert([record]);
      await session.commit();
    } finally {
      await session.rollback();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({ writes: writes.length, seconds, cpuMs: (used.user + used.system) / 1000 })}\n`,
  );
} finally {
  await store.close();
}
