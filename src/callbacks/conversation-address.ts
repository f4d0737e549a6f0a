// Which of a customer's addresses a conversation is on, for the templates callback: GetTemplatesByCustomerId names
// the conversation (ConversationSid), not its channel, so its customer participant (an SMS or WhatsApp one, whose
// messaging_binding.address is the customer's) says it. One Conversations API call within the lookup budget; null
// when that cannot tell (no Conversations API configured, no or a malformed SID, a chat conversation, a failure or
// a late answer), and the caller then judges by the customer's channels alone.
import type { FastifyBaseLogger } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import { type ChannelAddress, messagingAddress } from '../directory/address.ts';
import type { ConversationsApi } from '../twilio/conversations.ts';
import { withTimeout } from '../twilio/retry.ts';
import { CONVERSATION_SID } from './schemas.ts';

export interface ConversationAddressDeps {
  conversations: ConversationsApi | undefined;
  lookupTimeoutMs: number;
  defaultCountry: CountryCode | undefined;
}

export async function conversationAddress(
  conversationSid: string | undefined,
  { conversations, lookupTimeoutMs, defaultCountry }: ConversationAddressDeps,
  log: FastifyBaseLogger,
): Promise<ChannelAddress | null> {
  if (conversations === undefined || conversationSid === undefined || !CONVERSATION_SID.test(conversationSid))
    return null;
  try {
    const participants = await withTimeout(conversations.listParticipants(conversationSid), lookupTimeoutMs);
    const customer = participants.find((participant) => participant.identity === null && participant.address);
    return customer?.address ? messagingAddress(customer.address, defaultCountry) : null;
  } catch (error) {
    // The cause only (a status, a Twilio code, a network code): never an address.
    log.warn(
      { conversationSid, cause: (error as Error).message.split('\n')[0] },
      "templates: could not read the conversation's channel; judged by the customer's channels",
    );
    return null;
  }
}
