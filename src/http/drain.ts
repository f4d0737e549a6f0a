// SIGTERM drains, so that a rolling restart behind a load balancer loses no request:
// 1. /healthz answers 503 at once and every answer from now on carries `Connection: close`, so busy connections close
//    after their answer instead of being cut; idle ones stay open until step 2 (a load balancer that still sends on
//    one during the delay is answered, not reset);
// 2. after SHUTDOWN_DELAY_MS (default 0; the load balancer has that long to see the 503 and stop sending) the
//    listener closes; once no request has started for QUIET_MS, idle connections close too; requests in flight,
//    and any that still arrive on an open connection, are answered. Node's server.close() closes idle connections at
//    once, and a connection whose request is still unread in its socket (the event loop busy with others) looks
//    idle: measured at 1M under load, 34 of 50 such requests were cut (npm run bench:ops). So the listener is closed
//    alone first, and the idle connections only when requests have stopped coming;
// 3. the process exits 0 once the last connection has closed, or cuts what is left at SHUTDOWN_TIMEOUT_MS (counted
//    from the signal) and exits 1, so that an orchestrator sees that answers were lost.
import { Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Lifecycle } from '../callbacks/health.ts';
import type { ServerSettings } from '../config-server.ts';

export async function drain(
  app: FastifyInstance,
  lifecycle: Lifecycle,
  settings: Pick<ServerSettings, 'shutdownDelayMs' | 'shutdownTimeoutMs'>,
  logger: FastifyBaseLogger,
): Promise<number> {
  const started = Date.now();
  lifecycle.draining = true;
  logger.info(
    { delayMs: settings.shutdownDelayMs, timeoutMs: settings.shutdownTimeoutMs },
    'draining: /healthz answers 503, connections close after their answer',
  );
  if (settings.shutdownDelayMs > 0) await sleep(settings.shutdownDelayMs);
  await stopAccepting(app, started + settings.shutdownTimeoutMs);
  let forced = false;
  const deadline = setTimeout(
    () => {
      forced = true;
      logger.error(
        { ms: Date.now() - started },
        'SHUTDOWN_TIMEOUT_MS reached: closing the connections still open, their requests are not answered',
      );
      app.server.closeAllConnections();
    },
    Math.max(0, settings.shutdownTimeoutMs - (Date.now() - started)),
  );
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
  logger.info({ ms: Date.now() - started, forced }, 'drained');
  return forced ? 1 : 0;
}

/** How long no request may start before the idle connections are closed. */
const QUIET_MS = 250;

/** Closes the listener without closing idle connections, then waits until no request has started for QUIET_MS. */
async function stopAccepting(app: FastifyInstance, deadline: number): Promise<void> {
  let lastRequest = Date.now();
  const seen = () => {
    lastRequest = Date.now();
  };
  app.server.on('request', seen);
  // net.Server's own close: http.Server's would also close every idle connection now. Fastify's close later finds
  // the server stopped (ERR_SERVER_NOT_RUNNING, which it expects) and closes the idle connections then.
  Server.prototype.close.call(app.server);
  try {
    while (Date.now() - lastRequest < QUIET_MS && Date.now() < deadline) await sleep(25);
  } finally {
    app.server.off('request', seen);
  }
}
