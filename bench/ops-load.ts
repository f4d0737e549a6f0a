// A load that keeps what an operator asks about: every answer's status and time, the connections that never got one,
// the errors by code, and /healthz polled beside it. autocannon drives the connections (bench/load.ts shares them out
// the same way); a connection is one autocannon client for the whole run, reconnects included.
import autocannon, { type AutocannonClient, type AutocannonRequest } from 'autocannon';
import { shareOut } from './load.ts';
import { type Fields, sign } from './requests.ts';
import { BENCH_AUTH_TOKEN } from './server.ts';

export interface WatchedLoad {
  connections: number;
  duration: number;
  /** Called once the load runs, with the time it started (performance.now()). */
  during?: (stop: () => void) => Promise<void>;
}

export interface Answer {
  at: number;
  status: number;
  ms: number;
}

export interface LoadRecord {
  answers: Answer[];
  /** Errors by code (ECONNRESET, ECONNREFUSED...), each one request that got no answer. */
  errors: Record<string, number>;
  timeouts: number;
  connectionsNeverAnswered: number;
  seconds: number;
  health: Answer[];
}

export async function watchedLoad(url: string, pool: Fields[], load: WatchedLoad): Promise<LoadRecord> {
  const { origin } = new URL(url);
  const { requests, shares } = shareOut(
    url,
    pool.map((fields) => sign(url, BENCH_AUTH_TOKEN, fields)),
    load.connections,
  );
  let next = 0;
  const answered = new Set<AutocannonClient>();
  const answers: Answer[] = [];
  const errors: Record<string, number> = {};
  const instance = autocannon({
    url,
    connections: load.connections,
    duration: load.duration,
    timeout: 10,
    requests: requests.slice(0, 1),
    setupClient: (client) => client.setRequests(shares[next++ % shares.length] as AutocannonRequest[]),
  });
  instance.on('response', (client: AutocannonClient, status: number, _bytes: number, ms: number) => {
    answered.add(client);
    answers.push({ at: performance.now(), status, ms });
  });
  instance.on('reqError', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? error.message;
    errors[code] = (errors[code] ?? 0) + 1;
  });
  const health = pollHealth(origin);
  const during = load.during?.(() => instance.stop());
  const result = await instance;
  await during;
  return {
    answers,
    errors,
    timeouts: result.timeouts,
    connectionsNeverAnswered: load.connections - answered.size,
    seconds: result.duration,
    health: await health.stop(),
  };
}

/** GET /healthz every 250 ms (5 s to answer; status 0 when it did not, -1 when the connection failed) until stop(). */
export function pollHealth(origin: string): { stop(): Promise<Answer[]> } {
  const health: Answer[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const at = performance.now();
      const status = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
        (response) => response.arrayBuffer().then(() => response.status),
        (error: Error) => (error.name === 'TimeoutError' ? 0 : -1),
      );
      health.push({ at, status, ms: performance.now() - at });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    async stop() {
      polling = false;
      await poller;
      return health;
    },
  };
}

export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

/** Counts by status, with p50, p99 and max of each status's times, in ms. */
export function statusMix(
  answers: Answer[],
): Record<string, { count: number; p50: number; p99: number; max: number }> {
  const byStatus = new Map<number, number[]>();
  for (const answer of answers) {
    const times = byStatus.get(answer.status) ?? [];
    times.push(answer.ms);
    byStatus.set(answer.status, times);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, times]) => [
      String(status),
      {
        count: times.length,
        p50: round(percentile(times, 0.5)),
        p99: round(percentile(times, 0.99)),
        max: round(times.reduce((a, b) => Math.max(a, b), 0)),
      },
    ]),
  );
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
