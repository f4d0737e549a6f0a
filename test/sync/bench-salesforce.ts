// Measures `frontline sync salesforce --once` (the real command, a child process, jsforce and the JWT flow) against
// the local fake Salesforce: contacts per second of a first copy, then the time of an incremental run of 100
// changes. Not a test (no .test.ts):
// node --import tsx test/sync/bench-salesforce.ts [CONTACTS] [DATABASE_URL] (a new SQLite file by default).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSalesforce, jwtKeys, SF_CLIENT_ID, SF_USERNAME } from '../support/fake-salesforce.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const count = Number(process.argv[2] ?? 100_000);
const dir = tempDir('frontline-sync-bench-');
const url = process.argv[3] ?? join(dir, 'bench.db');
const keys = jwtKeys();
const keyFile = join(dir, 'server.key');
writeFileSync(keyFile, keys.privatePem);
const fake = await new FakeSalesforce(keys.publicKey).start();
for (let o = 1; o <= 20; o++) fake.addUser(o, `rep${o}@example.com`);
const contact = (n: number) => ({
  FirstName: `First${n}`,
  LastName: `Last${n}`,
  Email: `c${n}@example.net`,
  Phone: `+1415${String(n).padStart(7, '0')}`,
  OwnerId: FakeSalesforce.id('User', (n % 20) + 1),
});
for (let n = 1; n <= count; n++) fake.put('Contact', n, contact(n));
const env = {
  DATABASE_URL: url,
  SALESFORCE_LOGIN_URL: fake.url,
  SALESFORCE_CLIENT_ID: SF_CLIENT_ID,
  SALESFORCE_USERNAME: SF_USERNAME,
  SALESFORCE_PRIVATE_KEY_FILE: keyFile,
};
const timed = async () => {
  const started = performance.now();
  const result = await runCli(['sync', 'salesforce', '--once'], env);
  if (result.code !== 0) throw new Error(result.stderr);
  return { seconds: (performance.now() - started) / 1000, line: result.stderr.trim().split('\n').at(-1) };
};
const first = await timed();
console.log(
  `first copy of ${count}: ${first.seconds.toFixed(1)} s, ${Math.round(count / first.seconds)} contacts/s (${first.line})`,
);
for (let n = 1; n <= 100; n++) fake.put('Contact', n * 7, { ...contact(n * 7), LastName: `Changed${n}` });
const next = await timed();
console.log(`incremental run of 100 changes: ${next.seconds.toFixed(2)} s (${next.line})`);
await fake.stop();
