// The cost of UNKNOWN_CUSTOMERS=create's write path on a book of any size, without HTTP: `node --import tsx
// bench/stranger-writes.ts COUNT` with DATABASE_URL set. It creates COUNT strangers at new numbers as routing does
// (the lookup that misses, then the single-record write with condition `absent`), writes each again as the loser of
// a race would (the write refused, the winner read), reads them back a page of 100 at a time through ?source=inbound's
// query, then removes them, so the book ends as it began. Prints {count, created, lost, page, bookSize} as JSON:
// writes a second and client CPU ms a write for each phase, and µs per page.
import { createStranger } from '../src/callbacks/stranger.ts';
import { loadConfig } from '../src/config.ts';
import type { ChannelAddress } from '../src/directory/address.ts';
import { parseAddress } from '../src/directory/address.ts';
import { openStore } from '../src/stores/open-store.ts';

const count = Number(process.argv[2] ?? 400);
const store = await openStore(loadConfig(process.env).database);

async function timed(run: () => Promise<number>) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const operations = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { perSecond: Math.round(operations / seconds), cpuMsEach: +(cpuMs / operations).toFixed(3) };
}

try {
  const bookSize = await store.count();
  // +1 555 01xx is reserved for fiction; 0199 down to 0100 over area codes 201-999: never a demo-data number.
  const addresses: ChannelAddress[] = Array.from({ length: count }, (_, i) => {
    const area = 201 + (i % 799);
    const line = String(100 + Math.floor(i / 799)).padStart(4, '0');
    return parseAddress(`+1${area}555${line}`) as ChannelAddress;
  });
  const options = { store, defaultCountry: undefined };
  const ids: string[] = [];
  const created = await timed(async () => {
    for (const address of addresses) {
      if ((await store.findByAddress(address)) !== null) throw new Error('address already in the book');
      const outcome = await createStranger(options, address, address.key, 'bench-worker@example.com');
      if (outcome.kind !== 'created') throw new Error(`expected created, got ${outcome.kind}`);
      ids.push(outcome.record.customer_id);
    }
    return addresses.length;
  });
  const lost = await timed(async () => {
    for (const address of addresses) {
      const outcome = await createStranger(options, address, address.key, 'other-worker@example.com');
      if (outcome.kind !== 'existing') throw new Error(`expected existing, got ${outcome.kind}`);
    }
    return addresses.length;
  });
  let pages = 0;
  const started = performance.now();
  for (let after: string | null = null; ; pages += 1) {
    const page = await store.listRecords({ after, limit: 100, workerKey: null, source: 'inbound' });
    if (page.length === 0) break;
    after = page.at(-1)?.customer_id ?? null;
  }
  const pageMicros = Math.round(((performance.now() - started) * 1000) / Math.max(pages, 1));
  for (const id of ids) await store.removeRecord(id, { kind: 'present' });
  const page = { pages, microsEach: pageMicros };
  process.stdout.write(`${JSON.stringify({ count, bookSize, created, lost, page })}\n`);
} finally {
  await store.close();
}
