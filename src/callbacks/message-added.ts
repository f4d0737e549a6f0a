// onMessageAdded (post-event): a message was posted to a conversation. When a customer's message is one of the
// opt-out keywords (STOP...) its channel address is marked opted out, with the time; an opt-in keyword (START...)
// clears it. Twilio's own carrier-level STOP handling for SMS stays in force: this makes the directory know it, on
// every channel the keywords arrive on, WhatsApp included.
//
// Who wrote it comes from the form's Author: for an SMS or WhatsApp participant Twilio sends the participant's
// messaging address there (`+12125550199`, `whatsapp:+12125550199`); for a chat participant, a worker in the
// Frontline app among them, its identity. So only an Author written as a phone number, with or without `whatsapp:`,
// is a customer's address; anything else (an identity, `system`) opts nobody out, and needs no API call to tell.
import type { FastifyBaseLogger } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import type { OptOutKeywords } from '../config-opt-outs.ts';
import { messagingAddress } from '../directory/address.ts';
import type { Directory } from '../directory/directory.ts';
import { CONVERSATION_SID, textField } from './schemas.ts';

export const MESSAGE_OUTCOMES = [
  'opted_out',
  'already_opted_out',
  'opted_in',
  'not_opted_out',
  'no_keyword',
  'not_a_customer',
] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

export interface MessageAddedDeps {
  directory: Directory;
  keywords: OptOutKeywords;
  defaultCountry: CountryCode | undefined;
}

export async function onMessageAdded(
  form: Record<string, unknown>,
  { directory, keywords, defaultCountry }: MessageAddedDeps,
  log: FastifyBaseLogger,
): Promise<MessageOutcome> {
  // The body first: most messages are no keyword, and those cost nothing more.
  const word = textField(form, 'Body')?.toUpperCase();
  const wants =
    word === undefined ? null : keywords.optOut.has(word) ? 'out' : keywords.optIn.has(word) ? 'in' : null;
  if (wants === null) return 'no_keyword';
  const author = textField(form, 'Author');
  const address = author === undefined ? null : messagingAddress(author, defaultCountry);
  // Only a well-formed SID is logged: the field is the caller's text otherwise.
  const sid = textField(form, 'ConversationSid');
  const context = {
    event: 'onMessageAdded',
    conversationSid: sid && CONVERSATION_SID.test(sid) ? sid : undefined,
  };
  if (address === null) {
    log.info(
      { ...context, outcome: 'not_a_customer' },
      'a keyword from a worker or the system; nothing changed',
    );
    return 'not_a_customer';
  }
  let outcome: MessageOutcome;
  if (wants === 'out')
    outcome = (await directory.optOut(address, new Date())) ? 'opted_out' : 'already_opted_out';
  else outcome = (await directory.optIn(address)) ? 'opted_in' : 'not_opted_out';
  // The channel type only: the address is the customer's data.
  log.info({ ...context, outcome, channel: address.type }, 'opt-out keyword');
  return outcome;
}
