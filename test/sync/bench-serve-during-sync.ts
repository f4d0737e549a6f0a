// Measures the CRM list callback's latency while `frontline sync hubspot --full` (the real command, a child process)
// rewrites the book from the local fake HubSpot, against the same callback at rest. Not a test (no .test.ts):
// node --import tsx test/sync/bench-serve-during-sync.ts [CONTACTS] [DATABASE_URL] (a new SQLite file by default).
// The app runs in this process on the store (test/support/app-harness.ts, app.inject), one request at a time.
import { join } from 'node:path';
import { harness } from '../support/app-harness.ts';
import { FakeHubspot, HUBSPOT_TOKEN } from '../support/fake-hubspot.ts';
import { collect, runCli, startCli } from '../support/run-cli.ts';
import { POSTGRES, SQLITE } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const count = Number(process.argv[2] ?? 20_000);
const url = process.argv[3] ?? join(tempDir('frontline-sync-bench-'), 'bench.db');
const fake = await new FakeHubspot().start();
for (let o = 1; o <= 20; o++) fake.addOwner(String(o), `rep${o}@example.com`);
for (let n = 1; n <= count; n++)
  fake.put(String(n), {
    firstname: `First${n}`,
    lastname: `Last${n}`,
    hubspot_owner_id: String((n % 20) + 1),
  });
const env = { DATABASE_URL: url, HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN, HUBSPOT_BASE_URL: fake.url };
const first = await runCli(['sync', 'hubspot', '--once'], env);
if (first.code !== 0) throw new Error(first.stderr);
const h = await harness([], {}, { store: url.startsWith('postgres') ? POSTGRES : SQLITE, url });

async function sample(until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!until()) {
    const started = performance.now();
    const answer = await h.crm({ Location: 'GetCustomersList', Worker: 'rep3@example.com', PageSize: '30' });
    times.push(performance.now() - started);
    if (answer.statusCode !== 200) throw new Error(`answered ${answer.statusCode}: ${answer.body}`);
  }
  return times.sort((a, b) => a - b);
}
const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const show = (label: string, t: number[]) =>
  console.log(
    `${label}: ${t.length} requests, p50 ${at(t, 0.5).toFixed(2)} ms, p99 ${at(t, 0.99).toFixed(2)} ms, ` +
      `max ${(t.at(-1) ?? 0).toFixed(2)} ms`,
  );

let restCount = 0;
show('at rest', await sample(() => ++restCount > 3000));
let done = false;
const child = collect(startCli(['sync', 'hubspot', '--once', '--full'], env)).finally(() => {
  done = true;
});
const during = await sample(() => done);
const result = await child;
if (result.code !== 0) throw new Error(result.stderr);
show(`during sync --full of ${count} (${result.stderr.trim().split('\n').at(-1)})`, during);
await h.close();
await fake.stop();
