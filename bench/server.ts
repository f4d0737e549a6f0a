// `frontline serve` as users run it: its own process, signatures on, on loopback with a free port.
import { fileURLToPath } from 'node:url';
import { type ServerProcess, startServerProcess } from './child.ts';

export const BIN = fileURLToPath(new URL('../bin/frontline.js', import.meta.url));
const TEMPLATES = fileURLToPath(new URL('../examples/templates.yaml', import.meta.url));

/** The Auth Token the bench signs with; any 32+ characters would do. */
export const BENCH_AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';

export interface ServeOptions {
  /** A SQLite file path or a postgres:// URL, passed as DATABASE_URL. */
  database: string;
  visibility: 'assigned' | 'all';
  /** With a folder, the server runs under `node --cpu-prof` and writes its profile there when stopped. */
  cpuProfDir?: string | undefined;
  /** Settings of this run's own (bench/ops-runs.ts: OVERLOAD_*, SHUTDOWN_*), over the bench's defaults below. */
  env?: Record<string, string>;
}

export function startFrontline({
  database,
  visibility,
  cpuProfDir,
  env = {},
}: ServeOptions): Promise<ServerProcess> {
  const nodeFlags = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  return startServerProcess([...nodeFlags, BIN, 'serve'], {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: '0',
    TWILIO_AUTH_TOKEN: BENCH_AUTH_TOKEN,
    DATABASE_URL: database,
    CUSTOMER_VISIBILITY: visibility,
    // The other callbacks' scenarios: a business number for outgoing, the demo's templates.
    TWILIO_SMS_NUMBER: '+15005550006',
    TEMPLATES_FILE: TEMPLATES,
    // The production default: one log line per request, written (to /dev/null here) like in production.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // Shedding off unless a run asks for it (bench/ops-runs.ts): on a shared, loaded machine late requests would be
    // answered 503 overloaded, and a directory API import's own event-loop blocking would shed the next import
    // (the bench smoke test's "Premature close" in CI). Those measure the machine; shedding is tested on its own
    // (test/http/overload.test.ts). Fair turns (OVERLOAD_TURN_SLICE_MS) stay at the service's default: they shed
    // nothing.
    OVERLOAD_MAX_QUEUE_WAIT_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...storeEnv(),
    ...env,
  });
}

/** PG_* (the service's pool settings) and PG* (libpq's: PGPASSWORD, PGSSLMODE...) reach the store as given. */
export function storeEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => /^PG/.test(entry[0]) && entry[1] !== undefined,
    ),
  );
}
