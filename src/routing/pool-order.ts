// The order in which the fallback pool is offered a conversation: the default worker alone, or ROUTING_WORKERS
// rotated by the round robin's turn, or sorted by how many conversations each got in the last ROUTING_WINDOW_HOURS
// (least_busy). Turn and counts are kept in the store, so every instance sharing it rotates and balances as one; a
// store that does not answer leaves this process's own turn, which still spreads conversations, with a warning.
import type { FastifyBaseLogger } from 'fastify';
import type { RoutingFallback } from '../config-callbacks.ts';
import type { RoutingPool } from '../config-routing.ts';
import type { RoutingStateStore } from '../directory/routing-state-store.ts';
import { workerKey } from '../directory/text-key.ts';
import { errorName } from '../errors.ts';

export type PoolVia = 'default' | 'round_robin' | 'least_busy';

export interface PoolOrder {
  via: PoolVia;
  workers: readonly string[];
}

export interface PoolOptions {
  fallback: RoutingFallback;
  pool: RoutingPool;
  windowHours: number;
  state: RoutingStateStore;
}

/** The turn's row in routing_turns: one pool today. */
const POOL = 'workers';

const rotate = (workers: readonly string[], turn: number) => {
  const at = turn % workers.length;
  return [...workers.slice(at), ...workers.slice(0, at)];
};

export function poolOrder(options: PoolOptions) {
  let localTurn = 0;
  const nextTurn = async (log: FastifyBaseLogger) => {
    try {
      return await options.state.nextTurn(POOL);
    } catch (error) {
      log.warn(
        { event: 'routing', error: errorName(error) },
        "the store did not give the round robin's turn; using this process's own",
      );
      localTurn += 1;
      return localTurn - 1;
    }
  };

  return async (log: FastifyBaseLogger): Promise<PoolOrder | null> => {
    const { fallback } = options;
    if (fallback.kind === 'none') return null;
    if (fallback.kind === 'default') return { via: 'default', workers: [fallback.worker] };
    const { workers } = fallback;
    if (options.pool === 'round_robin')
      return { via: 'round_robin', workers: rotate(workers, await nextTurn(log)) };
    const since = new Date(Date.now() - options.windowHours * 3_600_000);
    try {
      const counts = await options.state.routedSince(workers.map(workerKey), since);
      const load = (worker: string) => counts.get(workerKey(worker)) ?? 0;
      // A stable sort: reps with the same count keep the list's order.
      return { via: 'least_busy', workers: [...workers].sort((a, b) => load(a) - load(b)) };
    } catch (error) {
      log.warn(
        { event: 'routing', error: errorName(error) },
        'the store did not give the routed counts; least_busy rotates in turn instead',
      );
      localTurn += 1;
      return { via: 'least_busy', workers: rotate(workers, localTurn - 1) };
    }
  };
}
