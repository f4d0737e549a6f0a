// Whether a rep is there, as the Frontline API says (`is_available`, `state`), cached for a documented TTL so that
// a burst of inbound conversations asks once per rep, not once per message. A Frontline API that fails or does not
// answer within its timeout (well under Twilio's budget) is one episode (src/http/episode-log.ts): logged when it
// begins and ends, and while it lasts routing goes on without availability, asking again only every few seconds.
import type { FastifyBaseLogger } from 'fastify';
import { errorName } from '../errors.ts';
import { episode } from '../http/episode-log.ts';
import type { FrontlineUser, FrontlineUsersApi } from '../twilio/frontline-users.ts';
import { withTimeout } from '../twilio/retry.ts';

export type Presence =
  | { kind: 'available' | 'unavailable' | 'deactivated'; identity: string }
  /** Frontline has no such user, or could not say: route as without availability. */
  | { kind: 'unknown' };

export interface Availability {
  presence(identity: string, log: FastifyBaseLogger): Promise<Presence>;
}

export interface AvailabilityOptions {
  users: FrontlineUsersApi;
  ttlMs: number;
  /** One API call's limit. */
  timeoutMs: number;
  logger: FastifyBaseLogger;
}

/** After a failure, the API is asked again no sooner than this: an outage must not cost every routing a timeout. */
const RETRY_AFTER_MS = 5000;
/** Enough for every rep of a large team; past it the oldest answers go first. */
const MAX_CACHED = 10_000;

const UNKNOWN: Presence = { kind: 'unknown' };

function presenceOf(user: FrontlineUser | null): Presence {
  if (user === null) return UNKNOWN;
  if (user.state === 'deactivated') return { kind: 'deactivated', identity: user.identity };
  return { kind: user.isAvailable ? 'available' : 'unavailable', identity: user.identity };
}

export function availability(options: AvailabilityOptions): Availability {
  const cache = new Map<string, { presence: Presence; expires: number }>();
  const outage = episode(options.logger, {
    begins: 'Frontline API failed; routing without availability',
    ends: 'Frontline API answers again; routing by availability',
  });
  return {
    async presence(identity, log) {
      const now = Date.now();
      const cached = cache.get(identity);
      if (cached !== undefined && cached.expires > now) return cached.presence;
      if (outage.active && now - outage.lastRefusedAt < RETRY_AFTER_MS) return UNKNOWN;
      try {
        const presence = presenceOf(await withTimeout(options.users.fetchUser(identity), options.timeoutMs));
        outage.over();
        if (options.ttlMs > 0) {
          cache.delete(identity);
          if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
          cache.set(identity, { presence, expires: now + options.ttlMs });
        }
        return presence;
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        outage.refused(log, {
          event: 'routing',
          error: errorName(error),
          ...(typeof status === 'number' ? { apiStatus: status } : {}),
        });
        return UNKNOWN;
      }
    },
  };
}
