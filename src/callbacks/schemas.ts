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
