// Retrying inside a time budget: Twilio stops waiting for a webhook after a fixed time (5 s for Conversations
// webhooks, 10 s for custom routing), so every attempt and every pause must end before the answer is due.

export interface RetryOptions {
  /** Attempts and pauses together end within this many milliseconds. */
  budgetMs: number;
  /** The first pause; each next one doubles, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
  retryable(error: unknown): boolean;
  /** Told before each pause, for the log. */
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
}

/** An attempt still running when the budget ended; it is abandoned (its answer, if any, is ignored). */
export class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The promise's outcome, or DeadlineExceeded after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${Math.round(ms)} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the budget would end before another pause and attempt (as
 * long as the last one took). An attempt cut short by the budget reports the error before it, which says more.
 */
export async function retryWithin<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.budgetMs;
  let previous: unknown;
  for (let n = 1; ; n += 1) {
    const started = Date.now();
    try {
      return await withTimeout(attempt(), Math.max(0, deadline - started));
    } catch (error) {
      if (error instanceof DeadlineExceeded && previous !== undefined) throw previous;
      const delay = Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** (n - 1));
      const took = Date.now() - started;
      if (!options.retryable(error) || Date.now() + delay + took >= deadline) throw error;
      options.onRetry?.(error, n, delay);
      previous = error;
      await sleep(delay);
    }
  }
}
