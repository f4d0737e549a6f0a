// Remembers each worker's identity as their own signed callbacks spell it (the `Worker` field of the CRM, outgoing
// and templates callbacks), so that routing adds a worker under the identity Frontline knows even when the CRM
// writes it in another case. A store write only when this process has not seen that spelling yet: one per worker
// per process, not one per request.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { RoutingStateStore } from '../directory/routing-state-store.ts';
import { workerKey } from '../directory/text-key.ts';
import { errorName } from '../errors.ts';

/** Past this many workers the map starts again: a bound on memory, at the cost of a few repeated writes. */
const MAX_REMEMBERED = 50_000;
const MAX_IDENTITY = 256;

export function watchIdentities(
  app: FastifyInstance,
  state: RoutingStateStore,
  logger: FastifyBaseLogger,
): void {
  const seen = new Map<string, string>();
  app.addHook('preHandler', async (request) => {
    const worker = (request.body as Record<string, unknown> | undefined)?.Worker;
    if (typeof worker !== 'string' || worker.trim() === '' || worker.length > MAX_IDENTITY) return;
    const key = workerKey(worker);
    if (seen.get(key) === worker) return;
    if (seen.size >= MAX_REMEMBERED) seen.clear();
    seen.set(key, worker);
    // Not awaited: the callback's answer does not wait for routing's bookkeeping.
    state.rememberIdentity(worker).catch((error: unknown) => {
      seen.delete(key);
      logger.debug({ error: errorName(error) }, 'worker identity not remembered');
    });
  });
}
