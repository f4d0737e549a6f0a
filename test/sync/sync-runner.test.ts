// The sync runtime as a user runs it: the real `frontline sync` in child processes against the fake HubSpot, on each
// store: one run per source at a time (two racing, a run killed and its lease taken over), SIGTERM between batches,
// and --every's repeated runs and structured log lines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeHubspot, HUBSPOT_TOKEN } from '../support/fake-hubspot.ts';
import { type CliResult, collect, runCli, startCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';

const CONTACTS = 450;
const BUSY =
  /^frontline sync: another sync hubspot run holds it since \S+Z, on .+ pid \d+ \(its lease lapses at \S+Z unless that run renews it\)\n$/;

for (const adapter of STORES) {
  describe(`sync runtime (${adapter.name})`, () => {
    let fake: FakeHubspot;
    before(async () => {
      fake = await new FakeHubspot().start();
      fake.addOwner('1', 'ana@example.com');
      for (let n = 1; n <= CONTACTS; n++) fake.put(String(n), { firstname: `F${n}`, hubspot_owner_id: '1' });
    });
    after(async () => {
      fake.release();
      await fake.stop();
    });

    const envFor = async (extra: Record<string, string> = {}) => ({
      DATABASE_URL: await adapter.freshUrl(),
      HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN,
      HUBSPOT_BASE_URL: fake.url,
      ...extra,
    });
    const exported = async (env: Record<string, string>) => {
      const ids = (await runCli(['export'], env)).stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { customer_id: string }).customer_id);
      return { count: ids.length, distinct: new Set(ids).size };
    };

    it('lets one of two runs started together sync; the other says who holds it and exits 3', async () => {
      const env = await envFor();
      fake.holdAfter(1);
      const runs = [
        collect(startCli(['sync', 'hubspot', '--once'], env)),
        collect(startCli(['sync', 'hubspot', '--once'], env)),
      ];
      // The winner waits on its second page until one of them has ended: the loser, refused.
      const loser = await Promise.race(runs);
      fake.release();
      const results = await Promise.all(runs);
      assert.equal(loser.code, 3, loser.stderr);
      assert.match(loser.stderr, BUSY);
      const winner = results.find((result) => result !== loser) as CliResult;
      assert.equal(winner.code, 0, winner.stderr);
      assert.match(winner.stderr, new RegExp(`^sync hubspot: ${CONTACTS} written, 0 deleted, 0 skipped in`));
      const status = JSON.parse((await runCli(['sync', 'status', '--json'], env)).stdout);
      assert.equal(status.sources[0].lease, null);
    });

    it('takes over the lease of a run killed midway once it lapses, and resumes with nothing lost or doubled', async () => {
      const env = await envFor({ SYNC_LEASE_SECONDS: '1' });
      fake.holdAfter(2);
      const killed = startCli(['sync', 'hubspot', '--once'], env);
      const ended = collect(killed);
      await fake.untilHeld();
      killed.kill('SIGKILL');
      await ended;
      fake.release();
      // Until its lease lapses (a second) the next run is refused; then it takes over.
      let next: CliResult;
      for (;;) {
        next = await runCli(['sync', 'hubspot', '--once'], env);
        if (next.code !== 3) break;
        assert.match(next.stderr, BUSY);
        await sleep(200);
      }
      assert.equal(next.code, 0, next.stderr);
      assert.match(
        next.stderr,
        /^sync hubspot: took over the lapsed lease of .+ pid \d+ \(held since \S+Z; /,
      );
      // The killed run committed two pages: the next one starts from there, not from scratch.
      const written = Number(/(\d+) written/.exec(next.stderr)?.[1]);
      assert.ok(written < CONTACTS, next.stderr);
      assert.deepEqual(await exported(env), { count: CONTACTS, distinct: CONTACTS });
    });

    it('stops on SIGTERM after the batch in flight, saves its checkpoint, frees the source and exits 0', async () => {
      const env = await envFor();
      fake.holdAfter(2);
      const child = startCli(['sync', 'hubspot', '--once'], env);
      const ended = collect(child);
      await fake.untilHeld();
      child.kill('SIGTERM');
      await sleep(50);
      fake.release();
      const result = await ended;
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        /^sync hubspot: stopped \(SIGTERM\) after a committed batch: 300 written; the next run resumes from its checkpoint\n$/,
      );
      const status = JSON.parse((await runCli(['sync', 'status', '--json'], env)).stdout);
      assert.equal(status.sources[0].lease, null);
      assert.equal(status.sources[0].lastRun.written, 300);
      assert.match(status.sources[0].lastRun.errors, /stopped \(SIGTERM\)/);
      const rest = await runCli(['sync', 'hubspot', '--once'], env);
      assert.equal(rest.code, 0, rest.stderr);
      assert.deepEqual(await exported(env), { count: CONTACTS, distinct: CONTACTS });
    });

    it('--every runs again at each tick with one pino line a run, and stops on SIGTERM while it waits', async () => {
      const env = await envFor({ LOG_LEVEL: 'info' });
      const child = startCli(['sync', 'hubspot', '--every', '1s'], env);
      let stdout = '';
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
      });
      const ended = collect(child);
      const summaries = () =>
        stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => typeof line.written === 'number');
      while (summaries().length < 2) await sleep(50);
      child.kill('SIGTERM');
      const result = await ended;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, 'sync hubspot every 1 s (SIGTERM stops it)\n');
      const [first, second] = summaries();
      assert.equal(first?.written, CONTACTS);
      assert.equal(first?.sync, 'hubspot');
      assert.equal(first?.level, 30);
      assert.match(
        String(first?.msg),
        new RegExp(`^sync hubspot: ${CONTACTS} written, 0 deleted, 0 skipped in`),
      );
      assert.equal(typeof first?.durationMs, 'number');
      assert.equal(second?.written, 1);
      assert.match(stdout, /"msg":"sync hubspot: stopped \(SIGTERM\)"/);
    });

    it('refuses --once with --every, neither, and a duration that is not one, in one line', async () => {
      const env = await envFor();
      for (const [args, message] of [
        [['sync', 'hubspot'], /needs one of --once .* or --every DURATION/],
        [['sync', 'hubspot', '--once', '--every', '5m'], /needs one of --once/],
        [
          ['sync', 'hubspot', '--every', '5 minutes'],
          /--every takes a whole number and s, m or h, such as 30s, 5m or 1h \(got "5 minutes"\)/,
        ],
        [['sync', 'hubspot', '--every', '0s'], /got "0s"/],
        [['sync', 'pipedrive', '--once'], /sync takes one source: hubspot/],
      ] as const) {
        const result = await runCli([...args], env);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, message);
        assert.equal(result.stderr.split('\n').length, 2, result.stderr);
      }
      const lease = await runCli(['sync', 'hubspot', '--once'], { ...env, SYNC_LEASE_SECONDS: 'soon' });
      assert.equal(lease.code, 1);
      assert.match(
        lease.stderr,
        /^frontline sync: configuration: SYNC_LEASE_SECONDS must be a whole number from 1 to 86400 \(got "soon"\)\n$/,
      );
    });
  });
}
