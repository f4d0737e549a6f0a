// A Conversations API operation retried inside a callback's time budget. Webhooks can fire while the conversation
// is still initializing, when the API answers 404 or 409 for a moment; a pause and another try is the cure. What
// still fails when the budget ends becomes a 502, so that Twilio records the failure in its debugger.
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors.ts';
import { ConversationsApiError } from './conversations.ts';
import { DeadlineExceeded, retryWithin } from './retry.ts';

export interface ConversationsRetryOptions {
  budgetMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Logged with every retry and failure (ids and statuses only: no customer data). */
  context: Record<string, unknown>;
  log: FastifyBaseLogger;
}

export async function withConversationsRetry<T>(
  attempt: () => Promise<T>,
  { budgetMs, firstDelayMs, maxDelayMs, context, log }: ConversationsRetryOptions,
): Promise<{ value: T; attempts: number }> {
  let attempts = 0;
  try {
    const value = await retryWithin(
      () => {
        attempts += 1;
        return attempt();
      },
      {
        budgetMs,
        firstDelayMs,
        maxDelayMs,
        retryable: (error) => error instanceof ConversationsApiError && error.retryable,
        onRetry: (error, attempt, delayMs) =>
          log.info(
            { ...context, attempt, delayMs, apiStatus: statusOf(error) },
            'Conversations API not ready; retrying',
          ),
      },
    );
    return { value, attempts };
  } catch (error) {
    if (!(error instanceof ConversationsApiError) && !(error instanceof DeadlineExceeded)) throw error;
    const why =
      error instanceof DeadlineExceeded ? 'the Conversations API did not answer in time' : error.message;
    log.warn({ ...context, attempts, apiStatus: statusOf(error) }, 'Conversations API call failed');
    throw new AppError(
      'conversations_api_failed',
      `${capitalize(why)} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    );
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ConversationsApiError ? error.status : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
