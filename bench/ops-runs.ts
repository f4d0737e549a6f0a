// The three parts of `npm run bench:ops` (bench/ops.ts), each on a `frontline serve` of its own.
import type { ServerProcess } from './child.ts';
import { connectionLoops, TWILIO_TIMEOUT_MS } from './connection-loops.ts';
import { type Answer, percentile, pollHealth, round, statusMix, watchedLoad } from './ops-load.ts';
import type { Fields } from './requests.ts';
import { startFrontline } from './server.ts';

function healthSummary(health: Answer[]) {
  const times = health.map((probe) => probe.ms);
  const statuses: Record<string, number> = {};
  for (const probe of health) statuses[String(probe.status)] = (statuses[String(probe.status)] ?? 0) + 1;
  return {
    probes: times.length,
    p50: round(percentile(times, 0.5)),
    max: round(Math.max(0, ...times)),
    statuses,
  };
}

export async function overloadRun(
  database: string,
  pool: Fields[],
  options: { connections: number; duration: number; shedding: boolean },
) {
  // Off is every threshold 0 and no fair turns: requests run as they are read and none is shed, as before
  // @fastify/under-pressure. On is the documented defaults.
  const env = options.shedding
    ? {
        OVERLOAD_MAX_QUEUE_WAIT_MS: '2000',
        OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '500',
        OVERLOAD_TURN_SLICE_MS: '10',
      }
    : { OVERLOAD_MAX_QUEUE_WAIT_MS: '0', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_TURN_SLICE_MS: '0' };
  const server = await startFrontline({ database, visibility: 'all', env });
  try {
    const url = `${server.baseUrl}/callbacks/crm`;
    await watchedLoad(url, pool, { connections: 20, duration: 5 }); // warm-up: JIT and the page cache
    const cpuBefore = server.cpuSeconds();
    const started = performance.now();
    const health = pollHealth(server.baseUrl);
    const loops = connectionLoops(url, pool, options.connections);
    await new Promise((resolve) => setTimeout(resolve, options.duration * 1000));
    await loops.stop();
    const seconds = (performance.now() - started) / 1000;
    const cpu = server.cpuSeconds() - cpuBefore;
    const ok = loops.answers.filter((answer) => answer.status === 200).length;
    return {
      shedding: options.shedding,
      connections: options.connections,
      clientTimeoutMs: TWILIO_TIMEOUT_MS,
      seconds: round(seconds),
      answers: loops.answers.length,
      answersPerSecond: round(loops.answers.length / seconds),
      byStatus: statusMix(loops.answers),
      unanswered: loops.errors,
      connectionsNeverAnswered: loops.neverAnswered(),
      serverCpuMsPer200: ok > 0 ? Math.round((cpu * 1e6) / ok) / 1000 : null,
      healthz: healthSummary(await health.stop()),
      rssMB: Math.round(server.memory().rss / 2 ** 20),
    };
  } finally {
    await server.stop();
  }
}

function exited(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
}

/**
 * `balancer`: the clients stop sending once a health probe has answered 503, as a load balancer with an unhealthy
 * threshold of one probe would; without it they send until the listener refuses them.
 */
export async function drainUnderLoad(
  database: string,
  pool: Fields[],
  balancer: boolean,
  shutdownDelayMs = 2000,
) {
  const env = { SHUTDOWN_DELAY_MS: String(shutdownDelayMs) };
  const server: ServerProcess = await startFrontline({ database, visibility: 'assigned', env });
  const origin = server.baseUrl;
  let takenOut = false;
  const load = connectionLoops(`${origin}/callbacks/crm`, pool, 50, {
    sending: () => !(balancer && takenOut),
  });
  const health: string[] = [];
  await new Promise((resolve) => setTimeout(resolve, 8000));
  const signalledAt = performance.now();
  process.kill(server.pid, 'SIGTERM');
  const polling = (async () => {
    while (server.exitCode() === null) {
      const at = performance.now();
      const status = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
        (response) => response.status,
        (error: { cause?: { code?: string } }) => error.cause?.code ?? 'error',
      );
      health.push(`${Math.round(at - signalledAt)}ms:${status}`);
      if (status === 503) takenOut = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  await exited(server.pid);
  const exitedAt = performance.now();
  // The child's 'exit' event may come a moment after the pid is gone.
  for (let wait = 0; wait < 200 && server.exitCode() === null; wait++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  await load.stop();
  await polling;
  const after = load.answers.filter((answer) => answer.at >= signalledAt);
  return {
    balancer,
    shutdownDelayMs,
    loops: 50,
    signalToExitMs: Math.round(exitedAt - signalledAt),
    answersBeforeSignal: load.answers.length - after.length,
    answersAfterSignal: statusMix(after),
    errors: load.errors,
    healthzAfterSignal: health,
    exitCode: server.exitCode(),
  };
}

export async function rssOverTime(database: string, pool: Fields[], seconds: number) {
  const server = await startFrontline({ database, visibility: 'assigned' });
  try {
    const samples: number[] = [Math.round(server.memory().rss / 2 ** 20)];
    const load = await watchedLoad(`${server.baseUrl}/callbacks/crm`, pool, {
      connections: 20,
      duration: seconds,
      during: async () => {
        const end = performance.now() + seconds * 1000;
        while (performance.now() < end - 5000) {
          await new Promise((resolve) => setTimeout(resolve, 10_000));
          samples.push(Math.round(server.memory().rss / 2 ** 20));
        }
      },
    });
    return {
      seconds,
      answers: load.answers.length,
      answersPerSecond: round(load.answers.length / load.seconds),
      byStatus: statusMix(load.answers),
      rssMBEvery10s: samples,
      peakMB: Math.round(server.memory().peak / 2 ** 20),
      endMB: Math.round(server.memory().rss / 2 ** 20),
    };
  } finally {
    await server.stop();
  }
}
