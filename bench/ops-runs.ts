// The three parts of `npm run bench:ops` (bench/ops.ts), each on a `frontline serve` of its own.
import type { ServerProcess } from './child.ts';
import { fetchLoops, type LoadRecord, percentile, round, statusMix, watchedLoad } from './ops-load.ts';
import type { Fields } from './requests.ts';
import { startFrontline } from './server.ts';

const SETTINGS = [
  'OVERLOAD_MAX_QUEUE_WAIT_MS',
  'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS',
  'SHUTDOWN_DELAY_MS',
] as const;

/** startFrontline reads these from the environment; each part sets its own and puts the old values back. */
async function withSettings<T>(settings: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  try {
    return await run();
  } finally {
    for (const name of SETTINGS) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function healthSummary(load: LoadRecord) {
  const times = load.health.map((probe) => probe.ms);
  const statuses: Record<string, number> = {};
  for (const probe of load.health) statuses[String(probe.status)] = (statuses[String(probe.status)] ?? 0) + 1;
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
  // Off is every threshold 0: no request is shed, as before @fastify/under-pressure. On is the documented defaults.
  const settings = options.shedding
    ? { OVERLOAD_MAX_QUEUE_WAIT_MS: '2000', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '500' }
    : { OVERLOAD_MAX_QUEUE_WAIT_MS: '0', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' };
  return withSettings(settings, async () => {
    const server = await startFrontline({ database, visibility: 'all' });
    try {
      const url = `${server.baseUrl}/callbacks/crm`;
      await watchedLoad(url, pool, { connections: 20, duration: 5 }); // warm-up: JIT and the page cache
      const cpuBefore = server.cpuSeconds();
      const load = await watchedLoad(url, pool, options);
      const cpu = server.cpuSeconds() - cpuBefore;
      const ok = load.answers.filter((answer) => answer.status === 200).length;
      return {
        shedding: options.shedding,
        connections: options.connections,
        seconds: load.seconds,
        answers: load.answers.length,
        answersPerSecond: round(load.answers.length / load.seconds),
        byStatus: statusMix(load.answers),
        timeouts: load.timeouts,
        errors: load.errors,
        connectionsNeverAnswered: load.connectionsNeverAnswered,
        serverCpuMsPer200: ok > 0 ? Math.round((cpu * 1e6) / ok) / 1000 : null,
        healthz: healthSummary(load),
        rssMB: Math.round(server.memory().rss / 2 ** 20),
      };
    } finally {
      await server.stop();
    }
  });
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
  return withSettings({ SHUTDOWN_DELAY_MS: String(shutdownDelayMs) }, async () => {
    const server: ServerProcess = await startFrontline({ database, visibility: 'assigned' });
    const origin = server.baseUrl;
    let takenOut = false;
    const load = fetchLoops(`${origin}/callbacks/crm`, pool, 50, () => !(balancer && takenOut));
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
  });
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
