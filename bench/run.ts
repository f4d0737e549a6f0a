// `npm run bench`: builds the books, serves each with `frontline serve` in its own process, loads it with autocannon
// from this one, and compares every scenario with a bare node:http server measured in the same run. Progress goes
// to stderr, the tables to stdout, everything to --out as JSON. See docs/benchmarks.md.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselinePage, measureBaseline } from './baseline.ts';
import { bookShelf } from './book.ts';
import { describeMachine, loadAverageNow } from './machine.ts';
import { measureServer } from './measure.ts';
import { parseOptions, USAGE } from './options.ts';
import { formatReport, writeJson } from './report.ts';
import { evaluate, type ScenarioResult, type ServerRun } from './result.ts';
import { sampleBook } from './sample.ts';
import { ASSIGNED, WHOLE_BOOK } from './scenarios.ts';
import { BENCH_AUTH_TOKEN, startFrontline } from './server.ts';

/** Customers drawn from each book to build requests from, and distinct requests per scenario. */
const SAMPLE = 10_000;
const POOL = 5_000;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parseOptions(argv, process.env);
  const known = [...ASSIGNED, ...WHOLE_BOOK].map((scenario) => scenario.id);
  const unknown = options.only?.filter((id) => !known.includes(id)) ?? [];
  if (unknown.length > 0)
    throw new Error(`--only: unknown scenario ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const work = mkdtempSync(join(tmpdir(), 'frontline-bench-'));
  const bookDir = options.bookDir ?? work;
  mkdirSync(bookDir, { recursive: true });
  if (options.cpuProf !== undefined) mkdirSync(options.cpuProf, { recursive: true });
  const load = { connections: options.connections, duration: options.duration, warmup: options.warmup };
  const measureOptions = { ...load, poolSize: POOL, authToken: BENCH_AUTH_TOKEN, log };
  log(
    `${machine.cpus} CPUs, ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverage.start}`,
  );
  if (options.postgresUrl !== undefined)
    log('DATABASE_URL is PostgreSQL: every book is imported there in turn');

  try {
    const page = baselinePage(options.seed);
    const baselineStart = await measureBaseline(work, page, load, POOL, log);
    const shelf = bookShelf({ dir: bookDir, seed: options.seed, postgresUrl: options.postgresUrl, log });
    const sizes = bookSizes(options.customers, options.growth);
    const books = [];
    const servers: ServerRun[] = [];
    const scenarios: ScenarioResult[] = [];
    for (const customers of sizes) {
      // Smaller books keep each worker's share of customers, so that only the size of the whole book changes.
      const workers = Math.max(1, Math.round((options.workers * customers) / options.customers));
      const book = await shelf.get(customers, workers);
      books.push(book);
      log(`sampling ${book.ndjson}`);
      const sample = await sampleBook(book.ndjson, customers, SAMPLE);
      const groups = (customers === options.customers ? [ASSIGNED, WHOLE_BOOK] : [ASSIGNED])
        .map((group) => group.filter((scenario) => options.only?.includes(scenario.id) ?? true))
        .filter((group) => group.length > 0);
      for (const group of groups) {
        const visibility = group[0]?.visibility ?? 'assigned';
        const server = await startFrontline({
          database: book.database,
          visibility,
          cpuProfDir: options.cpuProf,
        });
        try {
          const measured = await measureServer(server, book, sample, group, measureOptions);
          servers.push(measured.run);
          scenarios.push(...measured.results);
        } finally {
          await server.stop();
        }
      }
    }
    const baselineEnd = await measureBaseline(work, page, load, POOL, log);
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
          growth: options.growth,
          seed: options.seed,
          bookDir: options.bookDir,
          only: options.only,
          cpuProf: options.cpuProf,
        },
        store: options.postgresUrl === undefined ? 'sqlite' : 'postgres',
        machine,
        baseline: {
          start: baselineStart,
          end: baselineEnd,
          // The mean of both: the machine may have been busier at one end of a long run than at the other.
          requestsPerSecond: (baselineStart.requestsPerSecond + baselineEnd.requestsPerSecond) / 2,
          responseBytes: Buffer.byteLength(page),
        },
        books,
        servers,
        scenarios,
      },
      options.customers,
    );
    writeJson(options.out, result);
    process.stdout.write(formatReport(result));
    log(`results written to ${options.out}`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
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
