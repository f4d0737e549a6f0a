// onParticipantAdded (post-event): a customer joined a conversation (an SMS or WhatsApp participant: an address
// and no identity). Its attributes get the customer's customer_id, display_name and avatar, found by address.
import type { FastifyBaseLogger } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import Type from 'typebox';
import { parseAddress } from '../directory/address.ts';
import type { Directory } from '../directory/directory.ts';
import { notConfigured } from '../errors.ts';
import type { ConversationsApi } from '../twilio/conversations.ts';
import { withConversationsRetry } from '../twilio/conversations-retry.ts';
import { checked } from './checked-form.ts';
import { customerAttributes, mergeAttributes } from './participant-attributes.ts';
import { ConversationSid, ParticipantSid, SID_MESSAGE, textField } from './schemas.ts';
import type { Timing } from './timing.ts';

const ParticipantForm = Type.Object({ ConversationSid, ParticipantSid });
const participantForm = checked(ParticipantForm, SID_MESSAGE);

export const PARTICIPANT_OUTCOMES = ['updated', 'unchanged', 'unknown_customer', 'not_a_customer'] as const;
export type ParticipantOutcome = (typeof PARTICIPANT_OUTCOMES)[number];

export interface ParticipantAddedDeps {
  directory: Directory;
  conversations: ConversationsApi | undefined;
  timing: Timing;
  defaultCountry: CountryCode | undefined;
}

export async function onParticipantAdded(
  form: Record<string, unknown>,
  { directory, conversations, timing, defaultCountry }: ParticipantAddedDeps,
  log: FastifyBaseLogger,
): Promise<ParticipantOutcome> {
  const started = Date.now();
  const address = textField(form, 'MessagingBinding.Address');
  // A worker joins with a chat identity; a participant without an address is no customer either.
  if (textField(form, 'Identity') !== undefined || address === undefined) return 'not_a_customer';
  if (conversations === undefined)
    throw notConfigured(
      'The Conversations webhook (onParticipantAdded)',
      'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
    );
  const sids = participantForm(form);
  const context = { event: 'onParticipantAdded', conversationSid: sids.ConversationSid };

  const key = parseAddress(address, defaultCountry);
  const customer = key === null ? null : await directory.findByAddress(key);
  if (customer === null) {
    log.info(
      { ...context, outcome: 'unknown_customer' },
      'no customer has this address; participant left alone',
    );
    return 'unknown_customer';
  }

  const wanted = customerAttributes(customer);
  const { value: outcome, attempts } = await withConversationsRetry(
    async (): Promise<ParticipantOutcome> => {
      const participant = await conversations.fetchParticipant(sids.ConversationSid, sids.ParticipantSid);
      const merged = mergeAttributes(participant.attributes, wanted);
      if (merged === null) return 'unchanged';
      await conversations.updateParticipantAttributes(sids.ConversationSid, sids.ParticipantSid, merged);
      return 'updated';
    },
    {
      budgetMs: timing.webhookBudgetMs - (Date.now() - started),
      firstDelayMs: timing.firstRetryDelayMs,
      maxDelayMs: timing.maxRetryDelayMs,
      context,
      log,
    },
  );
  log.info({ ...context, outcome, attempts }, 'participant attributes');
  return outcome;
}
