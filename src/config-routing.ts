// How routing chooses among reps (docs/other-callbacks.md, "Custom routing"): whether it asks the Frontline API who
// is there and for how long it trusts an answer, and how it picks from the ROUTING_WORKERS pool.
import { type Env, integer, oneOf } from './config-values.ts';

export const ROUTING_POOLS = ['round_robin', 'least_busy'] as const;
export type RoutingPool = (typeof ROUTING_POOLS)[number];

export interface RoutingSettings {
  /** Ask the Frontline API whether a rep is available (ROUTING_AVAILABILITY, default on). */
  availability: boolean;
  /** How long an availability answer is reused (ROUTING_AVAILABILITY_TTL_SECONDS, default 30; 0: never). */
  availabilityTtlMs: number;
  /** How the ROUTING_WORKERS pool is picked from (ROUTING_POOL, default round_robin). */
  pool: RoutingPool;
  /** least_busy counts the conversations routed in this many last hours (ROUTING_WINDOW_HOURS, default 24). */
  windowHours: number;
}

export function routingSettings(env: Env): RoutingSettings {
  return {
    availability: oneOf(env, 'ROUTING_AVAILABILITY', ['on', 'off'], 'on') === 'on',
    availabilityTtlMs: integer(env, 'ROUTING_AVAILABILITY_TTL_SECONDS', 30, 0, 3600) * 1000,
    pool: oneOf(env, 'ROUTING_POOL', ROUTING_POOLS, 'round_robin'),
    windowHours: integer(env, 'ROUTING_WINDOW_HOURS', 24, 1, 24 * 31),
  };
}
