// The book the simulator tests play: Ann has 130 customers (five pages of 30), Ben 20 of his own; names that sort
// apart from their ids, phone channels, links, a details block, and avatars on every other customer at an
// address that refuses (so the page falls back to initials, as the app does when an avatar fails to load).
import { fileURLToPath } from 'node:url';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { customer } from '../support/customer.ts';

export const ANN = 'ann@example.com';
export const BEN = 'ben@example.com';
export const ANN_CUSTOMERS = 130;

export const SIMULATOR_ENV = {
  TWILIO_SMS_NUMBER: '+15005550006',
  TWILIO_WHATSAPP_NUMBER: 'whatsapp:+14155238886',
  TEMPLATES_FILE: fileURLToPath(new URL('../../examples/templates.yaml', import.meta.url)),
};

const NAMES = [
  'Zoë Adams',
  'Émile Baker',
  'Łukasz Nowak',
  'Ana Lima',
  'Åsa Berg',
  "Sean O'Neil",
  'Mårten Ek',
];

export function simulatorBook(): CustomerRecord[] {
  return Array.from({ length: ANN_CUSTOMERS + 20 }, (_, i) => {
    const number = `+1212555${String(1000 + i)}`;
    const name = `${NAMES[i % NAMES.length]} ${String((i * 37) % 150).padStart(3, '0')}`;
    return customer(`cust-${i}`, name, [i < ANN_CUSTOMERS ? ANN : BEN], {
      ...(i % 2 === 0 ? { avatar: `https://127.0.0.1:9/avatar-${i}.png` } : {}),
      channels: [
        { type: 'sms', value: number },
        { type: 'whatsapp', value: `whatsapp:${number}` },
        { type: 'email', value: `client${i}@example.com` },
      ],
      links: [{ type: 'CRM', value: `https://crm.example.com/${i}`, display_name: 'Open in CRM' }],
      details: { title: 'Notes', content: `Met at the fair.\nCustomer number ${i}.` },
    });
  });
}
