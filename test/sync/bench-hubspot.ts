// Measures `frontline sync hubspot --once` (the real command, a child process) against the local fake HubSpot:
// contacts per second of a first copy, then the time of an incremental run of 100 changes. Not a test (no .test.ts):
// node --import tsx test/sync/bench-hubspot.ts [CONTACTS] [DATABASE_URL] (a new SQLite file by default).
import { join } from 'node:path';
import { FakeHubspot, HUBSPOT_TOKEN } from '../support/fake-hubspot.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const count = Number(process.argv[2] ?? 100_000);
const url = process.argv[3] ?? join(tempDir('frontline-sync-bench-'), 'bench.db');
const fake = await new FakeHubspot().start();
for (let o = 1; o <= 20; o++) fake.addOwner(String(o), `rep${o}@example.com`);
const contact = (n: number) => ({
  firstname: `First${n}`,
  lastname: `Last${n}`,
  email: `c${n}@example.net`,
  phone: `+1415${String(n).padStart(7, '0')}`,
  hubspot_owner_id: String((n % 20) + 1),
});
for (let n = 1; n <= count; n++) fake.put(String(n), contact(n));
const env = { DATABASE_URL: url, HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN, HUBSPOT_BASE_URL: fake.url };
const timed = async () => {
  const started = performance.now();
  const result = await runCli(['sync', 'hubspot', '--once'], env);
  if (result.code !== 0) throw new Error(result.stderr);
  return { seconds: (performance.now() - started) / 1000, line: result.stderr.trim().split('\n').at(-1) };
};
const first = await timed();
console.log(
  `first copy of ${count}: ${first.seconds.toFixed(1)} s, ${Math.round(count / first.seconds)} contacts/s (${first.line})`,
);
for (let n = 1; n <= 100; n++) fake.put(String(n * 7), { ...contact(n * 7), lastname: `Changed${n}` });
const next = await timed();
console.log(`incremental run of 100 changes: ${next.seconds.toFixed(2)} s (${next.line})`);
await fake.stop();
