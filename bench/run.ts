// `npm run bench`: builds the books, serves each with `frontline serve` in its own process, loads it with autocannon
// from this one, and compares every scenario with a bare node:http server measured in the same run. Progress goes
// to stderr, the tables to stdout, everything to --out as JSON. See docs/benchmarks.md.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselinePage, referenceUnit, startReference, writeReferencePage } from './baseline.ts';
import { bookShelf } from './book.ts';
import type { ServerProcess } from './child.ts';
import { interleave } from './interleave.ts';
import { combine } from './load.ts';
import { describeMachine, loadAverageNow } from './machine.ts';
import { type PreparedServer, prepareServer } from './measure.ts';
import { parseOptions, USAGE } from './options.ts';
import { formatFrames, profileClock, profilesIn, readProfile, topFrames, type Window } from './profile.ts';
import { formatReport, writeJson } from './report.ts';
import { evaluate, type ScenarioResult, type ServerRun } from './result.ts';
import { sampleBook } from './sample.ts';
import { ASSIGNED, FRAGMENTS_ASSIGNED, FRAGMENTS_WHOLE_BOOK, WHOLE_BOOK } from './scenarios.ts';
import { BENCH_AUTH_TOKEN, startFrontline } from './server.ts';
import { measureWrites, type WriteResult } from './writes.ts';

/** Customers drawn from each book to build requests from, and distinct requests per scenario. */
const SAMPLE = 10_000;
const POOL = 5_000;
/** Seconds of CRM list load measured alone and again beside the directory API's writes. */
const API_LIST_SECONDS = 5;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parseOptions(argv, process.env);
  const known = [...ASSIGNED, ...FRAGMENTS_ASSIGNED, ...WHOLE_BOOK, ...FRAGMENTS_WHOLE_BOOK].map(
    (scenario) => scenario.id,
  );
  const unknown = options.only?.filter((id) => !known.includes(id)) ?? [];
  if (unknown.length > 0)
    throw new Error(`--only: unknown scenario ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const work = mkdtempSync(join(tmpdir(), 'frontline-bench-'));
  const bookDir = options.bookDir ?? work;
  mkdirSync(bookDir, { recursive: true });
  // --profile without --cpu-prof: the profile only lives as long as the run; its top frames are printed.
  if (options.profile !== undefined && options.cpuProf === undefined) options.cpuProf = join(work, 'profile');
  if (options.cpuProf !== undefined) mkdirSync(options.cpuProf, { recursive: true });
  const load = { connections: options.connections, duration: options.duration, warmup: options.warmup };
  const prepareOptions = { poolSize: POOL, authToken: BENCH_AUTH_TOKEN };
  log(
    `${machine.cpus} CPUs, ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverage.start}`,
  );
  if (options.postgresUrl !== undefined)
    log('DATABASE_URL is PostgreSQL: every book is imported there in turn');

  const references: ServerProcess[] = [];
  try {
    const page = baselinePage(options.seed);
    const pageFile = writeReferencePage(work, page);
    const baselineServer = await startReference('baseline', pageFile);
    references.push(baselineServer);
    const floorServer = await startReference('floor', pageFile);
    references.push(floorServer);
    const baseline = referenceUnit('baseline', baselineServer, POOL);
    const floor = referenceUnit('floor', floorServer, POOL);
    const shelf = bookShelf({ dir: bookDir, seed: options.seed, postgresUrl: options.postgresUrl, log });
    const sizes = bookSizes(options.customers, options.growth);
    const books = [];
    const servers: ServerRun[] = [];
    const scenarios: ScenarioResult[] = [];
    const writes: WriteResult[] = [];
    // When load was measured (warm-ups included), for the profile's frames: start-up and preparing are left out.
    const measured: Window[] = [];
    // SQLite: every book is its own file, so all of them are served at once and measured in the same rounds.
    // PostgreSQL: each book replaces the last in the one database, so each is measured in rounds of its own.
    const phases = options.postgresUrl === undefined ? [sizes] : sizes.map((size) => [size]);
    for (const phase of phases) {
      // Every server started, stopped in `finally` even when preparing one of them fails.
      const started: ServerProcess[] = [];
      const prepared: PreparedServer[] = [];
      try {
        for (const customers of phase) {
          // Smaller books keep each worker's share of customers, so that only the size of the whole book changes.
          const workers = Math.max(1, Math.round((options.workers * customers) / options.customers));
          const book = await shelf.get(customers, workers);
          books.push(book);
          log(`sampling ${book.ndjson}`);
          const sample = await sampleBook(book.ndjson, customers, SAMPLE);
          const largest = [
            [...ASSIGNED, ...FRAGMENTS_ASSIGNED],
            [...WHOLE_BOOK, ...FRAGMENTS_WHOLE_BOOK],
          ];
          const groups = (customers === options.customers ? largest : [ASSIGNED])
            .map((group) => group.filter((scenario) => options.only?.includes(scenario.id) ?? true))
            .filter((group) => group.length > 0);
          for (const group of groups) {
            const visibility = group[0]?.visibility ?? 'assigned';
            const server = await startFrontline({
              database: book.database,
              visibility,
              cpuProfDir: options.cpuProf,
            });
            started.push(server);
            prepared.push(await prepareServer(server, book, sample, group, prepareOptions));
          }
        }
        const units = prepared.flatMap((each) => each.units);
        log(
          `${units.length} scenarios, the baseline and the floor in ${options.rounds} rounds of ` +
            `${(options.duration / options.rounds).toFixed(1)} s each (${options.warmup} s warm-up first)`,
        );
        const from = profileClock();
        await interleave([baseline, floor, ...units], { ...load, rounds: options.rounds }, log);
        measured.push({ from, to: profileClock() });
        for (const each of prepared) {
          const finished = each.finish();
          servers.push(finished.run);
          scenarios.push(...finished.results);
        }
      } finally {
        for (const server of started) await server.stop();
      }
      // After the reads, with no server running: writes change the book, and end by writing it back as it was.
      if (options.upserts > 0) {
        for (const book of books.slice(-phase.length)) {
          writes.push(
            await measureWrites(book, {
              dir: bookDir,
              seed: options.seed,
              upserts: options.upserts,
              load: { connections: options.connections, duration: API_LIST_SECONDS, warmup: 1 },
              log,
            }),
          );
        }
      }
    }
    machine.loadAverage.end = loadAverageNow();
    const result = evaluate(
      {
        startedAt,
        finishedAt: new Date().toISOString(),
        // Not the PostgreSQL URL: it may hold a password.
        options: {
          customers: options.customers,
          workers: options.workers,
          duration: options.duration,
          warmup: options.warmup,
          connections: options.connections,
          rounds: options.rounds,
          growth: options.growth,
          seed: options.seed,
          bookDir: options.bookDir,
          only: options.only,
          cpuProf: options.cpuProf,
          profile: options.profile,
          upserts: options.upserts,
        },
        store: options.postgresUrl === undefined ? 'sqlite' : 'postgres',
        machine,
        baseline: { ...combine(baseline.slices), responseBytes: Buffer.byteLength(page) },
        floor: { ...combine(floor.slices), responseBytes: Buffer.byteLength(page) },
        books,
        servers,
        scenarios,
        writes,
      },
      options.customers,
    );
    writeJson(options.out, result);
    process.stdout.write(formatReport(result));
    if (options.profile !== undefined && options.cpuProf !== undefined)
      process.stdout.write(profileReport(options.profile, options.cpuProf, measured));
    log(`results written to ${options.out}`);
    return 0;
  } finally {
    for (const server of references) await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The top ten frames by self time of each profile the run wrote (one: the profiled scenario's server). */
function profileReport(scenario: string, dir: string, measured: Window[]): string {
  const files = profilesIn(dir);
  if (files.length === 0) return `\nNo CPU profile was written to ${dir}.\n`;
  const window = measured.at(-1);
  return files
    .map(
      (file) =>
        `\n${scenario}: the ten frames with the most self time while under load (idle left out), ${file}\n` +
        `${formatFrames(topFrames(readProfile(file), 10, window))}\n`,
    )
    .join('');
}

/** The main book and, for growth, the same at 1/100 and 1/10 of its size (10k and 100k for the default 1M). */
function bookSizes(customers: number, growth: boolean): number[] {
  const smaller = growth ? [Math.round(customers / 100), Math.round(customers / 10)] : [];
  return [...new Set([...smaller.filter((n) => n >= 1 && n < customers), customers])];
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 1;
  },
);
