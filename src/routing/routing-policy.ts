// Who gets a new inbound conversation: the customer's assigned workers in order, then the fallback pool
// (pool-order.ts), skipping reps the Frontline API says are unavailable or deactivated (availability.ts). When
// nobody is there, the first rep who is merely unavailable takes it, else the first candidate: a conversation is
// never left with nobody. The worker is added under the identity Frontline knows (the Frontline API's, else the
// one that worker's own signed callbacks spelled), which may differ in case from the CRM's.
import type { FastifyBaseLogger } from 'fastify';
import type { CustomerRecord } from '../directory/customer.ts';
import type { RoutingStateStore } from '../directory/routing-state-store.ts';
import { workerKey } from '../directory/text-key.ts';
import type { Availability, Presence } from './availability.ts';
import type { PoolOrder, PoolVia } from './pool-order.ts';

export const ROUTED_VIA = ['assigned', 'default', 'round_robin', 'least_busy'] as const;
export type RoutedVia = (typeof ROUTED_VIA)[number];

export interface RoutingChoice {
  /** The identity to add, as Frontline spells it when known. */
  worker: string;
  via: RoutedVia;
  /** Where that spelling came from; 'crm' when it is the directory's own. */
  spelling: 'crm' | 'frontline_api' | 'callbacks';
}

/** null: the customer is unknown or has no worker, and no fallback is configured. */
export type RoutingPolicy = (
  customer: CustomerRecord | null,
  log: FastifyBaseLogger,
) => Promise<RoutingChoice | null>;

export interface PolicyOptions {
  pool: (log: FastifyBaseLogger) => Promise<PoolOrder | null>;
  state: RoutingStateStore;
  /** Absent: availability is off (ROUTING_AVAILABILITY=off, or no Frontline API). */
  availability: Availability | undefined;
}

/** At most this many reps are asked about per conversation: a long pool of absent reps must not eat the budget. */
const MAX_ASKED = 20;

interface Candidate {
  crm: string;
  via: RoutedVia;
}

export function routingPolicy(options: PolicyOptions): RoutingPolicy {
  const known = async (identity: string) => {
    try {
      return await options.state.knownIdentity(workerKey(identity));
    } catch {
      return null;
    }
  };
  const choose = async (
    candidate: Candidate,
    presence: Presence,
    seen?: string | null,
  ): Promise<RoutingChoice> => {
    if (presence.kind !== 'unknown')
      return {
        worker: presence.identity,
        via: candidate.via,
        spelling: presence.identity === candidate.crm ? 'crm' : 'frontline_api',
      };
    seen ??= await known(candidate.crm);
    return seen === null || seen === candidate.crm
      ? { worker: candidate.crm, via: candidate.via, spelling: 'crm' }
      : { worker: seen, via: candidate.via, spelling: 'callbacks' };
  };

  return async (customer, log) => {
    const assigned: Candidate[] = (customer?.workers ?? []).map((crm) => ({ crm, via: 'assigned' }));
    let pool: PoolOrder | null | undefined;
    const candidates = async function* () {
      yield* assigned;
      pool = await options.pool(log);
      for (const crm of pool?.workers ?? []) yield { crm, via: pool?.via as PoolVia };
    };
    const { availability } = options;
    let first: Candidate | undefined;
    let away: { candidate: Candidate; presence: Presence } | undefined;
    let asked = 0;
    for await (const candidate of candidates()) {
      first ??= candidate;
      if (availability === undefined || asked >= MAX_ASKED) return choose(candidate, { kind: 'unknown' });
      asked += 1;
      const seen = await known(candidate.crm);
      const presence = await availability.presence(seen ?? candidate.crm, log);
      if (presence.kind === 'available' || presence.kind === 'unknown')
        return choose(candidate, presence, seen);
      if (presence.kind === 'unavailable') away ??= { candidate, presence };
    }
    if (first === undefined) return null;
    log.warn({ event: 'routing', asked }, 'no rep is available; routing to one who is not');
    return away === undefined ? choose(first, { kind: 'unknown' }) : choose(away.candidate, away.presence);
  };
}
