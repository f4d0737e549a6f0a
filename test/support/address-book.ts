// Customers reached by address, for the Conversations webhook and routing tests: one number on both SMS and
// WhatsApp, a number whose WhatsApp belongs to someone else, a customer without avatar or worker.
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { ALICE, BOB } from './book.ts';
import { customer } from './customer.ts';

export const PAT_AVATAR = 'https://img.example.com/pat.png';

export const ADDRESS_BOOK: CustomerRecord[] = [
  customer('p1', 'Pat Phone', [ALICE, BOB], {
    avatar: PAT_AVATAR,
    channels: [
      { type: 'sms', value: '+12125550199' },
      { type: 'whatsapp', value: 'whatsapp:+12125550199' },
      { type: 'email', value: 'pat@acme.io' },
    ],
  }),
  customer('p2', 'Sam Sms', [BOB], { channels: [{ type: 'sms', value: '+13125550142' }] }),
  customer('p3', 'Wanda Whats', [ALICE], {
    channels: [{ type: 'whatsapp', value: 'whatsapp:+13125550142' }],
  }),
  customer('p4', 'Nora Nobody', [], { channels: [{ type: 'sms', value: '+447700900123' }] }),
];
