// Overload is answered, not queued: when the process is behind, a new request gets 503 overloaded with Retry-After
// at once (microseconds), rather than an answer Frontline stopped waiting for long ago. The signals:
// - how long the request has already waited before we read it (a lower bound, from the loop clock below);
// - the event loop's delay, smoothed over the loop clock's ticks;
// - @fastify/under-pressure's samples of event-loop utilization and heap in use;
// - the PostgreSQL pool's waiting queue, checked where a connection is borrowed (src/stores/postgres/connection.ts).
// Requests are also given their turns fairly (fair-turns.ts): a busy loop works on them a slice at a time, first read
// first served, so new connections are still accepted; the time a request then waits in that queue counts toward
// its wait, and a request whose client has gone meanwhile is not worked on.
// GET /healthz is never shed: a busy instance is not a broken one (docs/operations.md).
//
// The delay is measured here rather than by under-pressure: its sample of a loop blocked for a whole sample
// interval has no measurement and counts as an infinite delay, so one 250 ms query shed every request for the next
// interval; a smoothed delay sheds a loop that stays late and forgives a single long turn.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerSettings } from '../config-server.ts';
import { overloaded } from '../errors.ts';
import type { Episode } from './episode-log.ts';
import { fairTurns } from './fair-turns.ts';

/** The loop clock's period: a request read now waited at least (now - last tick - this). */
const TICK_MS = 50;
/** Weight of the newest tick's lateness in the smoothed delay. */
const SMOOTHING = 0.3;
/** Overload is over once nothing was shed for this long. */
const QUIET_MS = 1000;

const exempt = (request: FastifyRequest) => request.routeOptions.url === '/healthz';

const rounded = (value: number) => Math.round(value * 1000) / 1000;

export async function installOverload(
  app: FastifyInstance,
  settings: Readonly<ServerSettings>,
  shed: Episode,
): Promise<void> {
  // Sockets that became readable while the loop was busy are read one after the other in the next poll phase; a
  // timer cannot fire during that phase, so the time since its last tick is how long the last of them has waited.
  let lastTick = performance.now();
  let delay = 0;
  const clock = setInterval(() => {
    const now = performance.now();
    delay = SMOOTHING * Math.max(0, now - lastTick - TICK_MS) + (1 - SMOOTHING) * delay;
    lastTick = now;
    if (shed.active && Date.now() - shed.lastRefusedAt > QUIET_MS) shed.over();
  }, TICK_MS);
  clock.unref();
  // Building the app is one long turn of the loop; it says nothing about the requests that come next.
  app.addHook('onReady', async () => {
    lastTick = performance.now();
    delay = 0;
  });
  app.addHook('onClose', async () => clearInterval(clock));

  // The error handler logs the refusal into the `shed` episode (src/http/error-handler.ts).
  const refuse = (signal: string, value: number) => Promise.reject(overloaded(`${signal} ${rounded(value)}`));

  await app.register(underPressure, {
    maxEventLoopUtilization: settings.maxEventLoopUtilization,
    eventLoopUtilizationMode: 'interval',
    maxHeapUsedBytes: settings.maxHeapUsedBytes,
    sampleInterval: settings.pressureSampleMs,
    pressureHandler: (request, _reply, type, value) =>
      exempt(request) ? undefined : refuse(type, value ?? 0),
  });

  const { maxQueueWaitMs, maxEventLoopDelayMs, turnSliceMs } = settings;
  if (maxQueueWaitMs === 0 && maxEventLoopDelayMs === 0 && turnSliceMs === 0) return;
  const turns = turnSliceMs > 0 ? fairTurns(turnSliceMs) : null;
  app.addHook('onRequest', (request, _reply, done) => {
    if (exempt(request)) return done();
    if (maxEventLoopDelayMs > 0 && delay > maxEventLoopDelayMs) {
      refuse('eventLoopDelayMs', delay).catch(done);
      return;
    }
    const beforeRead = performance.now() - lastTick - TICK_MS;
    const go = (queuedMs: number) => {
      const waited = beforeRead + queuedMs;
      if (maxQueueWaitMs > 0 && waited > maxQueueWaitMs) refuse('queueWaitMs', waited).catch(done);
      // Its client gave up while it waited (a timeout, a closed connection): the answer would reach nobody.
      else if (queuedMs > 0 && request.raw.destroyed) refuse('clientGoneAfterMs', waited).catch(done);
      else done();
    };
    if (turns === null) go(0);
    else turns.admit(go);
  });
}
