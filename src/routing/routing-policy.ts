// Who gets a new inbound conversation: the customer's first assigned worker, else the configured fallback (one
// default worker, or the next of a list in turn). The turn is kept per process: instances behind a load balancer
// each rotate on their own, which still spreads conversations evenly over time and needs no shared state.
import type { RoutingFallback } from '../config-callbacks.ts';
import type { CustomerRecord } from '../directory/customer.ts';

export const ROUTED_VIA = ['assigned', 'default', 'round_robin'] as const;
export type RoutedVia = (typeof ROUTED_VIA)[number];

export interface RoutingChoice {
  worker: string;
  via: RoutedVia;
}

/** null: the customer is unknown or has no worker, and no fallback is configured. */
export type RoutingPolicy = (customer: CustomerRecord | null) => RoutingChoice | null;

export function routingPolicy(fallback: RoutingFallback): RoutingPolicy {
  let turn = 0;
  return (customer) => {
    const assigned = customer?.workers[0];
    if (assigned !== undefined) return { worker: assigned, via: 'assigned' };
    if (fallback.kind === 'default') return { worker: fallback.worker, via: 'default' };
    if (fallback.kind === 'none') return null;
    const worker = fallback.workers[turn % fallback.workers.length] as string;
    turn = (turn + 1) % fallback.workers.length;
    return { worker, via: 'round_robin' };
  };
}
