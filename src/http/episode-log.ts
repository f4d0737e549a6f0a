// An episode (the store unreachable, the process overloaded) is logged twice: one line when it begins and one when
// it ends with how many requests it refused. Each refused request is logged at debug only: an outage of 20 s under
// load once wrote 75,742 error lines, which buried the one that mattered.
import type { FastifyBaseLogger } from 'fastify';

export interface EpisodeText {
  /** The error-level line when the first request is refused. */
  begins: string;
  /** The line when it is over; the count of refused requests and the duration go beside it. */
  ends: string;
}

export interface Episode {
  /** A request refused for this reason; `detail` goes on the first line (a cause, a measurement). */
  refused(log: FastifyBaseLogger, detail: Record<string, unknown>): void;
  /** The reason is gone (the store answered, or nothing was refused for a while): logs the end once. */
  over(): void;
  readonly active: boolean;
  /** Date.now() of the last refusal (0: none yet). */
  readonly lastRefusedAt: number;
}

export function episode(logger: FastifyBaseLogger, text: EpisodeText): Episode {
  let since: number | undefined;
  let count = 0;
  let lastRefusedAt = 0;
  return {
    refused(log, detail) {
      count += 1;
      lastRefusedAt = Date.now();
      if (since === undefined) {
        since = Date.now();
        logger.error(detail, text.begins);
      } else log.debug(detail, text.begins);
    },
    over() {
      if (since === undefined) return;
      logger.warn({ refused: count, ms: Date.now() - since }, text.ends);
      since = undefined;
      count = 0;
    },
    get active() {
      return since !== undefined;
    },
    get lastRefusedAt() {
      return lastRefusedAt;
    },
  };
}
