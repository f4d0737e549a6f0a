// A small hand-made customer book whose every line is there for a test: accents, shared customers, phone formats,
// characters that are syntax elsewhere (% _ * " ' parentheses), names sharing a prefix.
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { customer } from './customer.ts';

export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';
export const CAROL = 'Carol@Example.com';

export const BOOK: CustomerRecord[] = [
  customer('a1', 'Zoë Martin', [ALICE], {
    avatar: 'https://img.example.com/zoe.png',
    channels: [
      { type: 'sms', value: '+12125550199' },
      { type: 'email', value: 'zoe.martin@acme.io' },
    ],
    links: [{ type: 'CRM', value: 'https://crm.example.com/a1', display_name: 'Open in CRM' }],
    details: { title: 'Notes', content: 'Prefers mornings.\nVIP since 2019.' },
  }),
  customer('a2', 'martin Abel', [ALICE], {
    channels: [{ type: 'whatsapp', value: 'whatsapp:+447700900123' }],
  }),
  customer('a3', 'Émile Zola', [ALICE, BOB]),
  customer('a4', 'Marta 100% Real_Name', [ALICE]),
  customer('a5', 'Ann "Quote" O\'Neil (Acme)', [ALICE]),
  customer('a6', 'Anna*Star', [ALICE]),
  customer('a7', 'Mart Inez', [ALICE]),
  customer('a8', 'Zoe Martin', [ALICE]),
  customer('b1', 'Bruno Díaz', [BOB], { channels: [{ type: 'sms', value: '+13125550142' }] }),
  customer('b2', 'Secret Martin', [BOB], { channels: [{ type: 'email', value: 'secret@bob.example' }] }),
  customer('c1', 'Carla Ñúñez', [CAROL, 'ALICE@example.com']),
  customer('n1', 'Nobody Assigned', []),
];

/** Many customers for crawl tests: `count` customers spread over `workers` with some shared. */
export function bigBook(count: number, workers: string[]): CustomerRecord[] {
  const names = ['Ana', 'Åsa', 'Émile', 'zoë', 'Łukasz', 'Mårten', 'Ola', 'ana', 'ÁNA', 'Bob'];
  return Array.from({ length: count }, (_, i) => {
    const owner = workers[i % workers.length] as string;
    const second = i % 5 === 0 ? [workers[(i + 1) % workers.length] as string] : [];
    // Duplicated names make ties, broken by customer_id.
    const name = `${names[i % names.length]} ${names[(i * 7) % names.length]} ${Math.floor(i / 3)}`;
    return customer(`id-${String(i).padStart(5, '0')}`, name, [owner, ...second]);
  });
}
