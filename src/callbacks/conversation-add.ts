// onConversationAdd (pre-event): Twilio creates a new inbound conversation only once this hook answers 200, so a
// failing hook would block every inbound message. It names the conversation after its customer when the directory
// answers quickly, and after the address otherwise: an unknown address, a slow, closed or broken store, anything.
import type { FastifyBaseLogger } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import Type, { type Static } from 'typebox';
import { parseAddress } from '../directory/address.ts';
import type { Directory } from '../directory/directory.ts';
import { errorName } from '../errors.ts';
import { withTimeout } from '../twilio/retry.ts';
import { parseAttributes } from './participant-attributes.ts';
import { textField } from './schemas.ts';

export const ConversationAddResponse = Type.Object({
  friendly_name: Type.String(),
  /** The conversation's attributes (a JSON string) with the customer's avatar. */
  attributes: Type.Optional(Type.String()),
});
export type ConversationAddResponse = Static<typeof ConversationAddResponse>;

export interface ConversationAddDeps {
  directory: Directory;
  lookupTimeoutMs: number;
  defaultCountry: CountryCode | undefined;
}

/** null: not an inbound conversation (created through the API, e.g. an outgoing one): nothing to change. */
export async function onConversationAdd(
  form: Record<string, unknown>,
  { directory, lookupTimeoutMs, defaultCountry }: ConversationAddDeps,
  log: FastifyBaseLogger,
): Promise<ConversationAddResponse | null> {
  const address = textField(form, 'MessagingBinding.Address');
  if (address === undefined) return null;
  const context = { event: 'onConversationAdd' };
  try {
    const key = parseAddress(address, defaultCountry);
    const customer = key === null ? null : await withTimeout(directory.findByAddress(key), lookupTimeoutMs);
    if (customer === null) {
      log.info({ ...context, outcome: 'unknown_customer' }, 'no customer has this address; named after it');
      return { friendly_name: address };
    }
    log.info({ ...context, outcome: 'named' }, 'conversation named after its customer');
    if (customer.avatar === undefined) return { friendly_name: customer.display_name };
    const attributes = { ...parseAttributes(form.Attributes), avatar: customer.avatar };
    return { friendly_name: customer.display_name, attributes: JSON.stringify(attributes) };
  } catch (error) {
    // Only the error's kind: a driver's message may quote the values it was given.
    const kind = errorName(error);
    log.warn(
      { ...context, outcome: 'lookup_failed', error: kind },
      'customer lookup failed; named after the address',
    );
    return { friendly_name: address };
  }
}
