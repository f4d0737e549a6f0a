// `npm run bench` on a tiny book, a second per scenario: not a measurement, a check that the benchmark still runs end
// to end (books, signed requests, both servers, growth, writes, report), so that it cannot rot between real runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../../bench/result.ts';
import { ASSIGNED, FRAGMENTS_ASSIGNED, FRAGMENTS_WHOLE_BOOK, WHOLE_BOOK } from '../../bench/scenarios.ts';
import { tempDir } from '../support/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Only PATH: a DATABASE_URL in the developer's environment must not send the smoke run to their PostgreSQL.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench', () => {
  it('runs every scenario on a tiny book and writes the results', { timeout: 600_000 }, async () => {
    const out = join(tempDir(), 'result.json');
    // 5,000 customers over 40 workers: the growth books (50 and 500) keep about 160 customers a worker, so that
    // every worker has a second page.
    const args = [
      '--customers',
      '5000',
      '--workers',
      '40',
      '--duration',
      '1',
      '--warmup',
      '0',
      '--connections',
      '4',
      '--rounds',
      '2',
      '--upserts',
      '5',
    ];
    const run = await runBench([...args, '--out', out]);
    assert.equal(run.code, 0, run.stderr);

    const result = JSON.parse(readFileSync(out, 'utf8')) as BenchResult;
    const ran = (id: string, customers: number) =>
      result.scenarios.find((s) => s.id === id && s.customers === customers);
    const expected = [
      ...[50, 500, 5000].flatMap((customers) => ASSIGNED.map((s) => [s.id, customers] as const)),
      ...[...FRAGMENTS_ASSIGNED, ...WHOLE_BOOK, ...FRAGMENTS_WHOLE_BOOK].map((s) => [s.id, 5000] as const),
    ];
    for (const [id, customers] of expected) {
      const scenario = ran(id, customers);
      assert.ok(scenario, `${id} at ${customers} customers is missing`);
      assert.ok(scenario.requestsPerSecond > 0, `${id} at ${customers}: no requests/s`);
      assert.equal(scenario.non2xx, 0, `${id} at ${customers}: non-2xx answers`);
      assert.equal(scenario.errors, 0, `${id} at ${customers}: connection errors`);
      assert.equal(scenario.rounds.length, 2, `${id} at ${customers}: measured in two rounds`);
    }
    assert.equal(result.scenarios.length, expected.length);
    assert.ok(result.baseline.requestsPerSecond > 0);
    assert.equal(result.baseline.non2xx, 0);
    assert.equal(result.baseline.rounds.length, 2);
    // The framework floor: the same fixed page through Fastify, every request a 2xx, in every round.
    assert.ok(result.floor.requestsPerSecond > 0);
    assert.equal(result.floor.non2xx, 0);
    assert.equal(result.floor.errors, 0);
    assert.equal(result.floor.rounds.length, 2);
    assert.deepEqual(
      result.growth.map((g) => g.id),
      ASSIGNED.map((s) => s.id),
    );
    assert.deepEqual(
      result.books.map((b) => b.customers),
      [50, 500, 5000],
    );
    for (const book of result.books) assert.ok(book.importSeconds > 0);
    // Writes after each book's reads: the book re-imported fully changed and back (by the CLI, then through
    // POST /api/v1/imports), and 10 single-customer writes.
    assert.deepEqual(
      result.writes.map((w) => w.customers),
      [50, 500, 5000],
    );
    for (const write of result.writes) {
      assert.ok(write.reimportSeconds > 0 && write.restoreSeconds > 0);
      assert.equal(write.singleWrites.writes, 10);
      assert.ok(write.singleWrites.perSecond > 0);
      // The same customers PUT through the directory API, and the CRM list measured beside a PUT stream.
      assert.equal(write.api.puts.writes, 10);
      assert.ok(write.api.puts.perSecond > 0 && write.api.puts.serverCpuMsPerWrite > 0);
      assert.ok(
        write.api.list.alone.requestsPerSecond > 0 && write.api.list.withWrites.requestsPerSecond > 0,
      );
      assert.ok(write.api.list.withWrites.writesPerSecond > 0);
      assert.ok(write.apiImport.changedSeconds > 0 && write.apiImport.recordsPerSecond > 0);
    }
    for (const server of result.servers) assert.ok(server.afterLoad.rss > 0);
    assert.match(run.stdout, /first page/);
    assert.match(run.stdout, /fastify floor \(reference\)/);
    assert.match(run.stdout, /re-import, all changed/);
    assert.match(run.stdout, /list p99 beside PUTs/);
    assert.match(run.stdout, /POST \/imports records\/s/);
  });
});
