// SIGTERM drains, so that a rolling restart behind a load balancer loses no request:
// 1. /healthz answers 503 at once and every answer from now on carries `Connection: close`, so busy connections close
//    after their answer instead of being cut; idle ones stay open until step 2 (a load balancer that still sends on
//    one during the delay is answered, not reset);
// 2. after SHUTDOWN_DELAY_MS (default 0; the load balancer has that long to see the 503 and stop sending) the
//    listener closes and so do idle connections; requests in flight, and any that still arrive on a busy
//    connection, are answered;
// 3. the process exits 0 once the last connection has closed, or cuts what is left at SHUTDOWN_TIMEOUT_MS (counted
//    from the signal) and exits 1, so that an orchestrator sees that answers were lost.
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
