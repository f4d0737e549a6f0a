// POST /callbacks/conversations: the Conversations webhook of the Frontline Conversations service (pre- and
// post-event URL alike). onConversationAdd names a new inbound conversation after its customer; onParticipantAdded
// writes the customer's customer_id, display_name and avatar into the customer participant's attributes;
// onMessageAdded opts a customer's channel out or back in on a keyword (message-added.ts). Every other event is
// answered 200 with an empty object, which a pre-event hook reads as "change nothing".
import type { FastifyInstance } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import Type from 'typebox';
import type { OptOutKeywords } from '../config-opt-outs.ts';
import type { Directory } from '../directory/directory.ts';
import type { ConversationsApi } from '../twilio/conversations.ts';
import { ConversationAddResponse, onConversationAdd } from './conversation-add.ts';
import { MESSAGE_OUTCOMES, onMessageAdded } from './message-added.ts';
import { onParticipantAdded, PARTICIPANT_OUTCOMES } from './participant-added.ts';
import { ErrorResponse, WebhookForm } from './schemas.ts';
import type { Timing } from './timing.ts';

export const ParticipantAddedResponse = Type.Object({
  participant: Type.Union(PARTICIPANT_OUTCOMES.map((outcome) => Type.Literal(outcome))),
});
export const MessageAddedResponse = Type.Object({
  message: Type.Union(MESSAGE_OUTCOMES.map((outcome) => Type.Literal(outcome))),
});
const Unchanged = Type.Object({}, { additionalProperties: false });

export interface ConversationsDeps {
  directory: Directory;
  conversations: ConversationsApi | undefined;
  timing: Timing;
  defaultCountry: CountryCode | undefined;
  optOutKeywords: OptOutKeywords;
}

export function conversationsRoutes(app: FastifyInstance, deps: ConversationsDeps): void {
  app.post<{ Body: WebhookForm }>(
    '/callbacks/conversations',
    {
      schema: {
        body: WebhookForm,
        response: {
          200: Type.Union([
            ConversationAddResponse,
            ParticipantAddedResponse,
            MessageAddedResponse,
            Unchanged,
          ]),
          '4xx': ErrorResponse,
          '5xx': ErrorResponse,
        },
      },
    },
    async (request) => {
      const form = request.body;
      if (form.EventType === 'onConversationAdd') {
        const lookup = { ...deps, lookupTimeoutMs: deps.timing.lookupTimeoutMs };
        return (await onConversationAdd(form, lookup, request.log)) ?? {};
      }
      if (form.EventType === 'onParticipantAdded')
        return { participant: await onParticipantAdded(form, deps, request.log) };
      if (form.EventType === 'onMessageAdded') {
        const keywords = { ...deps, keywords: deps.optOutKeywords };
        return { message: await onMessageAdded(form, keywords, request.log) };
      }
      return {};
    },
  );
}
