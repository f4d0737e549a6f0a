// Routing's side of UNKNOWN_CUSTOMERS=create (stranger.ts builds the record): the stranger's customer is written
// with the worker routing just chose, within the lookup budget. A write that fails or is slow never fails routing:
// the conversation still reaches its rep, and the next message from that address tries again.
import type { FastifyBaseLogger } from 'fastify';
import type { ChannelAddress } from '../directory/address.ts';
import type { CustomerRecord } from '../directory/customer.ts';
import { workerKey } from '../directory/text-key.ts';
import { errorName } from '../errors.ts';
import type { RoutingChoice } from '../routing/routing-policy.ts';
import type { ConversationsApi } from '../twilio/conversations.ts';
import { withTimeout } from '../twilio/retry.ts';
import { createStranger, type StrangerOptions } from './stranger.ts';
import { linkStrangerParticipant } from './stranger-participant.ts';

export interface StrangerDeps extends StrangerOptions {
  timeoutMs: number;
}

/**
 * The record another message created first, when its workers are not the one chosen here: routing then asks the
 * policy again with that record, so both conversations go to the same rep. null otherwise (created here, failed,
 * or already the same worker).
 */
export async function strangerCustomer(
  deps: StrangerDeps,
  found: { key: ChannelAddress; address: string },
  choice: RoutingChoice | null,
  conversation: { conversations: ConversationsApi; conversationSid: string },
  log: FastifyBaseLogger,
): Promise<CustomerRecord | null> {
  const { conversations, conversationSid } = conversation;
  const context = { event: 'routing', conversationSid };
  const worker = choice?.worker ?? null;
  try {
    const outcome = await withTimeout(createStranger(deps, found.key, found.address, worker), deps.timeoutMs);
    // Never the address or the id's source: only what happened and to whom it was assigned, if anyone.
    log.info(
      { ...context, stranger: outcome.kind, assigned: worker !== null },
      'customer for an unknown address',
    );
    if (outcome.kind === 'gone') return null;
    await linkStrangerParticipant(conversations, conversationSid, outcome.record, deps.timeoutMs, log);
    if (outcome.kind !== 'existing') return null;
    const same = worker !== null && outcome.record.workers.some((w) => workerKey(w) === workerKey(worker));
    return same ? null : outcome.record;
  } catch (error) {
    const kind = errorName(error);
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
    log.warn(
      { ...context, stranger: 'failed', error: kind, code },
      'customer for an unknown address not created',
    );
    return null;
  }
}
