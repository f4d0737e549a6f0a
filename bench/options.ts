// `npm run bench -- [flags]`: the defaults are the reference run (docs/benchmarks.md).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  customers: number;
  workers: number;
  /** Seconds measured per scenario. */
  duration: number;
  /** Seconds of unmeasured load before each scenario. */
  warmup: number;
  connections: number;
  /** Each scenario's measured time is cut into this many slices, measured in turns with the others (interleave.ts). */
  rounds: number;
  /** Also measure the assigned-scope scenarios at customers/100 and customers/10. */
  growth: boolean;
  seed: number;
  out: string;
  /** Keep the generated books here and reuse them in later runs (SQLite only). */
  bookDir: string | undefined;
  /** Only these scenario ids (default: all). */
  only: string[] | undefined;
  /** Run every server under `node --cpu-prof`, profiles written here. */
  cpuProf: string | undefined;
  /** Only this scenario, on the main book, its server profiled; its top frames printed at the end. */
  profile: string | undefined;
  /** After each book's reads: re-import it fully changed, and write this many customers one at a time (0: neither). */
  upserts: number;
  /** From DATABASE_URL, when it is a postgres:// URL. */
  postgresUrl: string | undefined;
}

export const USAGE = `Usage: npm run bench -- [options]
  --customers N        customers in the book (default 1000000)
  --workers W          workers they are assigned to (default 10000)
  --duration S         seconds measured per scenario (default 10)
  --warmup S           seconds of unmeasured load before each (default 3)
  --connections C      concurrent connections (default 20)
  --rounds R           measure in R turns of duration/R seconds each, every scenario, the
                       baseline and the framework floor once a turn (default 5)
  --growth, --no-growth   also run at customers/100 and customers/10 (default on)
  --seed S             demo-data seed (default 1)
  --out FILE           JSON results (default bench/results/latest.json)
  --book-dir DIR       keep the books there and reuse them next time (SQLite)
  --only ID,ID         only these scenarios (first-page, later-page, anchor-page, search-rare,
                       search-common, details, all-first-page, all-search-rare, all-search-common,
                       and on the largest book search-{common,rare}-{1,2,3,8},
                       all-search-{common,rare}-{1,2,3,8}, outgoing, templates, conversation-add)
  --cpu-prof DIR       profile every server with node --cpu-prof, written to DIR
  --profile ID         only scenario ID on the main book (no growth, no writes), its server under
                       node --cpu-prof (in --cpu-prof DIR if given); prints the ten frames with the
                       most self time
  --upserts N          after each book's reads, re-import it with every record changed (then the original
                       back), and write N customers one at a time, each changed and back (default 200;
                       0 measures no writes)
Environment: DATABASE_URL=postgres://... benchmarks that PostgreSQL database instead of SQLite files.
`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      customers: { type: 'string' },
      workers: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      growth: { type: 'boolean' },
      'no-growth': { type: 'boolean' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'book-dir': { type: 'string' },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      profile: { type: 'string' },
      upserts: { type: 'string' },
    },
  });
  const databaseUrl = env.DATABASE_URL ?? '';
  const profile = values.profile;
  return {
    customers: number('customers', values.customers, 1_000_000, 1),
    workers: number('workers', values.workers, 10_000, 1),
    duration: number('duration', values.duration, 10, 0.1, false),
    warmup: number('warmup', values.warmup, 3, 0, false),
    connections: number('connections', values.connections, 20, 1),
    rounds: number('rounds', values.rounds, 5, 1),
    growth: values['no-growth'] !== true && profile === undefined,
    seed: number('seed', values.seed, 1, 1),
    out: resolve(values.out ?? 'bench/results/latest.json'),
    bookDir: values['book-dir'] === undefined ? undefined : resolve(values['book-dir']),
    only: profile === undefined ? values.only?.split(',').map((id) => id.trim()) : [profile],
    cpuProf: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
    profile,
    upserts: profile === undefined ? number('upserts', values.upserts, 200, 0) : 0,
    postgresUrl: /^postgres(ql)?:\/\//.test(databaseUrl) ? databaseUrl : undefined,
  };
}

function number(name: string, raw: string | undefined, fallback: number, min: number, whole = true): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (whole && !Number.isInteger(value)))
    throw new Error(`--${name} must be a ${whole ? 'whole ' : ''}number of at least ${min}`);
  return value;
}
