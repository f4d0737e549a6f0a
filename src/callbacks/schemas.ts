// Request and response shapes shared by the callback routes (TypeBox, so types derive from schemas). Every
// Frontline value arrives as a form string.
import Type, { type Static } from 'typebox';
import { CHANNEL_TYPES } from '../directory/customer.ts';

export const Identity = Type.String({ minLength: 1, maxLength: 256 });

/** What every callback form carries; the rest depends on Location, and every other field is kept for the signature. */
export const CallbackForm = Type.Object(
  { Location: Type.String({ maxLength: 128 }), Worker: Identity },
  { additionalProperties: true },
);
export type CallbackForm = Static<typeof CallbackForm> & Record<string, unknown>;

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export const CustomerSummary = Type.Object({
  customer_id: Type.String(),
  display_name: Type.String(),
  avatar: Type.Optional(Type.String()),
});

export const Customer = Type.Object({
  customer_id: Type.String(),
  display_name: Type.String(),
  avatar: Type.Optional(Type.String()),
  channels: Type.Optional(
    Type.Array(
      Type.Object({ type: Type.Union(CHANNEL_TYPES.map((t) => Type.Literal(t))), value: Type.String() }),
    ),
  ),
  links: Type.Optional(
    Type.Array(Type.Object({ type: Type.String(), value: Type.String(), display_name: Type.String() })),
  ),
  details: Type.Optional(Type.Object({ title: Type.String(), content: Type.String() })),
});

/** Twilio SIDs are two letters and 32 hex digits; checking them keeps anything else out of API URLs. */
export const CONVERSATION_SID = /^CH[0-9a-fA-F]{32}$/;
export const ConversationSid = Type.String({ pattern: CONVERSATION_SID.source });
export const ParticipantSid = Type.String({ pattern: '^MB[0-9a-fA-F]{32}$' });
export const SID_MESSAGE = 'must be a Twilio SID (two letters and 32 hexadecimal digits)';

/** A channel address as webhooks carry it (`+12125550199`, `whatsapp:+…`, an e-mail or chat identity). */
export const Address = Type.String({ maxLength: 320 });

/** What every Conversations webhook carries; the rest depends on EventType, and every field counts in the signature. */
export const WebhookForm = Type.Object(
  { EventType: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: true },
);
export type WebhookForm = Static<typeof WebhookForm> & Record<string, unknown>;

/** A form field as one trimmed, non-empty string; undefined when absent, blank or given twice. */
export function textField(form: Record<string, unknown>, name: string): string | undefined {
  const value = Object.hasOwn(form, name) ? form[name] : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}
