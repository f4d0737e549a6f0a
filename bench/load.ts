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
}

/** `serverCpu` reads the server's CPU seconds so far (ServerProcess.cpuSeconds). */
export async function load(
  url: string,
  pool: SignedRequest[],
  options: LoadOptions,
  serverCpu?: () => number,
): Promise<LoadResult> {
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
  const shares = Array.from({ length: options.connections }, (_, connection) =>
    requests.filter((_, index) => index % options.connections === connection),
  ).map((share, connection) => (share.length > 0 ? share : [requests[connection % requests.length]]));
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
  const cpuSeconds = serverCpu === undefined ? null : serverCpu() - cpuAtStart;
  const machine = machineCpu();
  const self = process.cpuUsage(selfAtStart);
  const others = machine.busy - machineAtStart.busy - (cpuSeconds ?? 0) - (self.user + self.system) / 1e6;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.average,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    requests: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    serverCpuMsPerRequest:
      cpuSeconds === null || latencies.length === 0 ? null : (cpuSeconds * 1000) / latencies.length,
    otherCpus: Math.max(0, others / result.duration),
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
