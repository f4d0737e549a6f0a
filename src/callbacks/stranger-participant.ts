// A stranger's first conversation: onParticipantAdded has usually run already, found no customer at the address
// and left the customer participant alone. Once routing has created the customer, its customer_id, display_name and
// avatar are merged into that participant's attributes, as onParticipantAdded would have, so the rep's app ties this
// very conversation to the new customer. Best effort: one try within the lookup budget; onParticipantAdded and
// every later conversation write the same attributes anyway.
import type { FastifyBaseLogger } from 'fastify';
import type { CustomerRecord } from '../directory/customer.ts';
import { errorName } from '../errors.ts';
import type { ConversationsApi } from '../twilio/conversations.ts';
import { withTimeout } from '../twilio/retry.ts';
import { customerAttributes, mergeAttributes } from './participant-attributes.ts';

export async function linkStrangerParticipant(
  conversations: ConversationsApi,
  conversationSid: string,
  record: CustomerRecord,
  timeoutMs: number,
  log: FastifyBaseLogger,
): Promise<void> {
  const context = { event: 'routing', conversationSid };
  try {
    const outcome = await withTimeout(
      (async () => {
        const wanted = customerAttributes(record);
        // The customer participant: an address, no chat identity (a rep joins with one).
        const customers = (await conversations.listParticipants(conversationSid)).filter(
          (p) => p.identity === null,
        );
        let updated = 0;
        for (const participant of customers) {
          const merged = mergeAttributes(participant.attributes, wanted);
          if (merged === null) continue;
          await conversations.updateParticipantAttributes(conversationSid, participant.sid, merged);
          updated += 1;
        }
        return updated > 0 ? 'updated' : 'unchanged';
      })(),
      timeoutMs,
    );
    log.info({ ...context, participant: outcome }, "stranger's participant attributes");
  } catch (error) {
    const kind = errorName(error);
    log.warn(
      { ...context, participant: 'failed', error: kind },
      "stranger's participant attributes not written",
    );
  }
}
