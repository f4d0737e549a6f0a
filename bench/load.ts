// Load with autocannon for a fixed duration. Every connection cycles through its own share of the pre-signed
// requests (built into bytes once, before the clock starts), so the whole pool goes by before any request repeats
// and the load generator spends its CPU writing requests, the same for the baseline and for every scenario.
import autocannon, { type AutocannonRequest } from 'autocannon';
import { machineCpu } from './machine.ts';
import type { SignedRequest } from './requests.ts';

export interface LoadOptions {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of load before the measured ones (JIT, caches), not counted. */
  warmup: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds, from every response's own time (autocannon's histogram rounds to 1 ms). */
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** The server's CPU time (user + system) per measured request, in milliseconds: less noisy than requests/s. */
  serverCpuMsPerRequest: number | null;
  /**
   * CPUs kept busy by everything but the server and this process (the load generator) while measuring: other work
   * on the machine, which makes a run slower than the code. 0 on a quiet machine.
   */
  otherCpus: number;
  /** Requests/s of each slice the result was combined from, in the order they were measured. */
  rounds: number[];
}

/** One measured stretch of load: what `combine` adds up into a LoadResult. */
export interface Slice {
  /** Every 2xx response's own time, in milliseconds. */
  latencies: number[];
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** The server's CPU seconds meanwhile, when it was measured. */
  serverCpuSeconds: number | null;
  /** CPU seconds spent by everything but the server and this process. */
  otherCpuSeconds: number;
}

/** The pool as autocannon requests, and each connection's own share of them (never empty). */
export function shareOut(url: string, pool: SignedRequest[], connections: number) {
  if (pool.length === 0) throw new Error('no requests to send');
  const { pathname } = new URL(url);
  const requests: AutocannonRequest[] = pool.map((request) => ({
    method: 'POST',
    path: pathname,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': request.signature,
    },
    body: request.body,
  }));
  const shares = Array.from({ length: connections }, (_, connection) =>
    requests.filter((_, index) => index % connections === connection),
  ).map((share, connection) =>
    share.length > 0 ? share : [requests[connection % requests.length] as AutocannonRequest],
  );
  return { requests, shares };
}

/** `serverCpu` reads the server's CPU seconds so far (ServerProcess.cpuSeconds). */
export async function measureSlice(
  url: string,
  pool: SignedRequest[],
  options: LoadOptions,
  serverCpu?: () => number,
): Promise<Slice> {
  const { requests, shares } = shareOut(url, pool, options.connections);
  let nextShare = 0;
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    // Each client is built from this one request, then handed its share.
    requests: requests.slice(0, 1),
    setupClient: (client) => client.setRequests(shares[nextShare++ % shares.length] as AutocannonRequest[]),
    ...(options.warmup > 0 ? { warmup: { connections: options.connections, duration: options.warmup } } : {}),
  });
  const latencies: number[] = [];
  // 'start' is the measured part's (after the warm-up).
  let cpuAtStart = 0;
  let machineAtStart = machineCpu();
  let selfAtStart = process.cpuUsage();
  instance.on('start', () => {
    cpuAtStart = serverCpu?.() ?? 0;
    machineAtStart = machineCpu();
    selfAtStart = process.cpuUsage();
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const serverCpuSeconds = serverCpu === undefined ? null : serverCpu() - cpuAtStart;
  const machine = machineCpu();
  const self = process.cpuUsage(selfAtStart);
  const others =
    machine.busy - machineAtStart.busy - (serverCpuSeconds ?? 0) - (self.user + self.system) / 1e6;
  return {
    latencies,
    requests: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    serverCpuSeconds,
    otherCpuSeconds: Math.max(0, others),
  };
}

/** Slices of one scenario, measured at different times, as one result: totals over total time, pooled latencies. */
export function combine(slices: Slice[]): LoadResult {
  const sum = (pick: (slice: Slice) => number) => slices.reduce((total, slice) => total + pick(slice), 0);
  const seconds = sum((slice) => slice.seconds);
  const latencies = slices.flatMap((slice) => slice.latencies).sort((a, b) => a - b);
  const cpu = slices.every((slice) => slice.serverCpuSeconds !== null)
    ? sum((slice) => slice.serverCpuSeconds ?? 0)
    : null;
  return {
    requestsPerSecond: seconds > 0 ? sum((slice) => slice.requests) / seconds : 0,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    requests: sum((slice) => slice.requests),
    non2xx: sum((slice) => slice.non2xx),
    errors: sum((slice) => slice.errors),
    timeouts: sum((slice) => slice.timeouts),
    seconds,
    serverCpuMsPerRequest: cpu === null || latencies.length === 0 ? null : (cpu * 1000) / latencies.length,
    otherCpus: seconds > 0 ? sum((slice) => slice.otherCpuSeconds) / seconds : 0,
    rounds: slices.map((slice) => (slice.seconds > 0 ? slice.requests / slice.seconds : 0)),
  };
}

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

/** One progress line: what a run did and how busy the rest of the machine was meanwhile. */
export function describeLoad(result: LoadResult): string {
  const cpu =
    result.serverCpuMsPerRequest === null
      ? ''
      : `, server CPU ${result.serverCpuMsPerRequest.toFixed(3)} ms/request`;
  return (
    `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms${cpu}, ` +
    `non-2xx ${result.non2xx}, other work ${result.otherCpus.toFixed(2)} CPUs`
  );
}
