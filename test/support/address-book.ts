// Customers reached by address, for the Conversations webhook and routing tests: one number on both SMS and
// WhatsApp, a number whose WhatsApp belongs to someone else, a customer without avatar or worker.
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { ALICE, BOB } from './book.ts';

export const PAT_AVATAR = 'https://img.example.com/pat.png';

export const ADDRESS_BOOK: CustomerRecord[] = [
  {
    customer_id: 'p1',
    display_name: 'Pat Phone',
    avatar: PAT_AVATAR,
    channels: [
      { type: 'sms', value: '+12125550199' },
      { type: 'whatsapp', value: 'whatsapp:+12125550199' },
      { type: 'email', value: 'pat@acme.io' },
    ],
    workers: [ALICE, BOB],
  },
  {
    customer_id: 'p2',
    display_name: 'Sam Sms',
    channels: [{ type: 'sms', value: '+13125550142' }],
    workers: [BOB],
  },
  {
    customer_id: 'p3',
    display_name: 'Wanda Whats',
    channels: [{ type: 'whatsapp', value: 'whatsapp:+13125550142' }],
    workers: [ALICE],
  },
  {
    customer_id: 'p4',
    display_name: 'Nora Nobody',
    channels: [{ type: 'sms', value: '+447700900123' }],
    workers: [],
  },
];
