// `npm run bench:ops`: the operations figures of docs/operations.md, on a real `frontline serve` over a generated
// book. Three parts, each in a server process of its own:
//   overload  300 connections of the slowest callback (whole-book search for rare queries) for 30 s, each a client
//             that gives up after 6 s as Twilio does (connection-loops.ts), shedding and fair turns off
//             (every OVERLOAD_* threshold 0, the behaviour before it existed) and on (the defaults): the status mix,
//             latencies, connections that never got an answer, and /healthz polled meanwhile;
//   drain     SIGTERM in the middle of a load of details: the time to exit, what the clients saw, once with clients
//             that ignore /healthz and once with clients that stop at its first 503, as a load balancer does;
//   rss       a mixed load (lists, later pages by Anchor... searches, details) for 5 minutes: RSS sampled every 10 s.
// Progress goes to stderr, the results to stdout as JSON (and to --out).
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bookShelf } from './book.ts';
import { loadAverageNow } from './machine.ts';
import { drainUnderLoad, overloadRun, rssOverTime } from './ops-runs.ts';
import { details, type Fields, firstPages, fragmentSearches, rareSearches } from './requests.ts';
import { sampleBook } from './sample.ts';

const log = (line: string) => process.stderr.write(`[bench:ops] ${line}\n`);

const USAGE = `Usage: npm run bench:ops -- [options]
  --customers N     customers in the book (default 1000000)
  --workers W       workers (default 10000)
  --book-dir DIR    where the book is built, and found again by later runs (default /var/tmp/frontline-bench)
  --connections C   connections of the overload part (default 300)
  --duration S      seconds of each overload run (default 30)
  --rss-seconds S   seconds of the RSS run (default 300)
  --only P,P        overload, drain, rss (default all three)
  --out FILE        the JSON results (default bench/results/ops.json)
`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help')) {
    process.stdout.write(USAGE);
    return;
  }
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      customers: { type: 'string', default: '1000000' },
      workers: { type: 'string', default: '10000' },
      'book-dir': { type: 'string', default: '/var/tmp/frontline-bench' },
      connections: { type: 'string', default: '300' },
      duration: { type: 'string', default: '30' },
      'rss-seconds': { type: 'string', default: '300' },
      only: { type: 'string', default: 'overload,drain,rss' },
      out: { type: 'string', default: 'bench/results/ops.json' },
    },
  });
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name}: a whole number above 0, not ${text}`);
    return value;
  };
  const customers = positive('customers', values.customers);
  const workers = positive('workers', values.workers);
  const parts = values.only.split(',');
  mkdirSync(values['book-dir'], { recursive: true });
  const shelf = bookShelf({ dir: values['book-dir'], seed: 1, postgresUrl: process.env.DATABASE_URL, log });
  const book = await shelf.get(customers, workers);
  const sample = await sampleBook(book.ndjson, customers, 10_000);
  const results: Record<string, unknown> = {
    book: { customers, workers, store: book.store },
    loadAverageAtStart: loadAverageNow(),
  };
  if (parts.includes('overload')) {
    // The slowest callback at 1M: a whole-book search for a phone number or e-mail local part (docs/benchmarks.md),
    // and rare two-letter fragments, which walked the whole name index before the short-word index.
    const pool: Fields[] = [...rareSearches(sample, 4000), ...fragmentSearches('rare', 2)(sample, 1000)];
    const connections = positive('connections', values.connections);
    const duration = positive('duration', values.duration);
    for (const shedding of [false, true]) {
      log(`overload: ${connections} connections, ${duration} s, shedding ${shedding ? 'on' : 'off'}`);
      results[`overload-${shedding ? 'on' : 'off'}`] = await overloadRun(book.database, pool, {
        connections,
        duration,
        shedding,
      });
      log(JSON.stringify(results[`overload-${shedding ? 'on' : 'off'}`]));
    }
  }
  if (parts.includes('drain')) {
    for (const balancer of [false, true]) {
      const name = balancer ? 'drain-behind-balancer' : 'drain';
      log(
        `${name}: SIGTERM under a load of details from 50 clients${balancer ? ' that stop at the first 503' : ''}`,
      );
      results[name] = await drainUnderLoad(book.database, details(sample, 5000), balancer);
      log(JSON.stringify(results[name]));
    }
  }
  if (parts.includes('rss')) {
    const seconds = positive('rss-seconds', values['rss-seconds']);
    log(`rss: a mixed load at 20 connections for ${seconds} s`);
    const mixed = [...firstPages(sample, 2000), ...details(sample, 2000), ...rareSearches(sample, 1000)];
    results.rss = await rssOverTime(book.database, mixed, seconds);
    log(JSON.stringify(results.rss));
  }
  results.loadAverageAtEnd = loadAverageNow();
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(values.out, json);
  process.stdout.write(json);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench:ops: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
