// The opt-out tests' book and forms: a customer on SMS, WhatsApp and e-mail, another who shares her SMS number (an
// opt-out is the address's, so it holds for both), one on SMS alone; and onMessageAdded forms as Twilio posts them.
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { customer } from './customer.ts';
import { sid } from './fake-twilio.ts';

export const ALICE = 'alice@example.com';
export const ZOE_SMS = '+12125550199';
export const ZOE_WHATSAPP = `whatsapp:${ZOE_SMS}`;
export const SAM_SMS = '+13125550142';

export const ZOE: CustomerRecord = customer('z1', 'Zoë Martin', [ALICE], {
  channels: [
    { type: 'sms', value: ZOE_SMS },
    { type: 'whatsapp', value: ZOE_WHATSAPP },
    { type: 'email', value: 'zoe@acme.io' },
  ],
  details: { title: 'Notes', content: 'Prefers mornings.' },
});

export const OPT_OUT_BOOK: CustomerRecord[] = [
  ZOE,
  customer('z2', 'Zoë at home', [ALICE], { channels: [{ type: 'sms', value: ZOE_SMS }] }),
  customer('s1', 'Sam Sms', [ALICE], { channels: [{ type: 'sms', value: SAM_SMS }] }),
];

/** onMessageAdded as Twilio posts it for a message by `author` (an address, or a chat identity). */
export const messageAdded = (author: string, body: string, extra: Record<string, string> = {}) => ({
  EventType: 'onMessageAdded',
  AccountSid: `AC${'a'.repeat(32)}`,
  ChatServiceSid: sid('IS', 1),
  ConversationSid: sid('CH', 1),
  MessageSid: sid('IM', 1),
  ParticipantSid: sid('MB', 1),
  Author: author,
  Body: body,
  Index: '0',
  Attributes: '{}',
  Source: author.startsWith('whatsapp:') ? 'WHATSAPP' : author.startsWith('+') ? 'SMS' : 'SDK',
  RetryCount: '0',
  DateCreated: new Date().toISOString(),
  ...extra,
});
