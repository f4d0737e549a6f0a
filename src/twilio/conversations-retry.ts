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
    log.warn(
      { ...context, attempts, ...causeOf(error) },
      `Conversations API call failed: ${why}${hintFor(error)}`,
    );
    throw new AppError(
      'conversations_api_failed',
      `${capitalize(why)} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    );
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ConversationsApiError ? error.status : undefined;
}

/** The log fields that say why: the HTTP status and Twilio's code, or the network error, or a timeout. */
function causeOf(error: ConversationsApiError | DeadlineExceeded): Record<string, unknown> {
  if (error instanceof DeadlineExceeded) return { cause: 'timeout' };
  if (error.status === undefined) return { cause: 'network', networkCode: error.networkCode };
  return { cause: 'http', apiStatus: error.status, twilioCode: error.twilioCode };
}

/** What an operator can do about the commonest causes. */
function hintFor(error: ConversationsApiError | DeadlineExceeded): string {
  if (error instanceof DeadlineExceeded) return '';
  if (error.status === 401)
    return '; check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the primary token, of the same account)';
  if (error.networkCode === 'ENOTFOUND' || error.networkCode === 'EAI_AGAIN')
    return '; this machine cannot resolve the API host name (DNS)';
  if (error.networkCode === 'ECONNREFUSED' || error.networkCode === 'ECONNRESET')
    return '; a firewall or proxy between this machine and Twilio may be refusing the connection';
  return '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
