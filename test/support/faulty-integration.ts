// A small Frontline integration over node:http that behaves well, or has exactly one of the faults the reference
// integrations and other public ones are known for (docs/check.md lists them), so that `frontline check` can be
// shown to catch each one with its own check. It pages by Anchor only (no next_page_token), as they do, signs and
// searches the way the protocol says, and serves the outgoing and templates callbacks too.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';

export const FAULTS = [
  'no-paging', // PageSize and Anchor ignored: the whole list every time
  'anchor-restart', // an Anchor that names no customer starts the list again
  'no-searchable', // no `searchable`, Query ignored: the app filters locally
  'unknown-500', // details of an unknown id throw: 500
  'unknown-reset', // details of an unknown id kill the connection
  'no-worker-check', // details for any id, whoever asks
  'no-signature', // X-Twilio-Signature never checked
  'big-pages', // a page of 30 is over 64 KB
  'slow', // the first list request takes longer than the time budget
  'text-content-type', // JSON bodies sent as text/html, as res.send(string) does
  'national-numbers', // sms channels as the CRM spells them, (212) 555-1000
  'relative-links', // link values as paths of the CRM, /customers/…
] as const;

export type Fault = (typeof FAULTS)[number];

export const FIXTURE_WORKERS = ['ann@example.com', 'ben@example.com'] as const;

interface FixtureCustomer {
  customer_id: string;
  display_name: string;
  avatar: string;
  channels: { type: string; value: string }[];
  links: { type: string; value: string; display_name: string }[];
  workers: string[];
}

const FIRST = ['Ada', 'Björn', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hana', 'Ivo', 'José', 'Kofi'];
const LAST = ['Lind', 'Moreau', 'Novak', 'Okafor', 'Perez', 'Quinn', 'Rossi'];

/** 70 customers: the even ones Ann's, the odd ones Ben's, every seventh both's. */
function fixtureBook(fault: Fault | undefined): FixtureCustomer[] {
  return Array.from({ length: 70 }, (_, i) => {
    const id = `cust-${String(i).padStart(3, '0')}`;
    const number = `+1212555${String(1000 + i)}`;
    const [ann, ben] = FIXTURE_WORKERS;
    const workers = i % 7 === 0 ? [ann, ben] : [i % 2 === 0 ? ann : ben];
    const pad = fault === 'big-pages' ? `?v=${'x'.repeat(2300)}` : '';
    return {
      customer_id: id,
      display_name: `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]} ${i}`,
      avatar: `https://img.example.com/${id}.png${pad}`,
      channels: [
        { type: 'sms', value: fault === 'national-numbers' ? `(212) 555-${1000 + i}` : number },
        { type: 'whatsapp', value: `whatsapp:${number}` },
        { type: 'email', value: `${id}@example.com` },
      ],
      links: [
        {
          type: 'CRM',
          value: fault === 'relative-links' ? `/customers/${id}` : `https://crm.example.com/${id}`,
          display_name: 'Open in CRM',
        },
      ],
      workers,
    };
  }).sort(
    (a, b) => a.display_name.localeCompare(b.display_name) || a.customer_id.localeCompare(b.customer_id),
  );
}

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function matches(customer: FixtureCustomer, query: string): boolean {
  const word = fold(query.trim());
  return (
    fold(customer.display_name).includes(word) ||
    customer.channels.some((channel) => fold(channel.value).includes(word))
  );
}

export interface FaultyIntegration {
  crmUrl: string;
  outgoingUrl: string;
  templatesUrl: string;
  close(): Promise<void>;
}

export interface FaultyOptions {
  authToken: string;
  fault?: Fault;
  /** How long the `slow` fault keeps the first list request. */
  slowMs?: number;
}

export async function startFaultyIntegration(options: FaultyOptions): Promise<FaultyIntegration> {
  const book = fixtureBook(options.fault);
  const state = { lists: 0 };
  const type =
    options.fault === 'text-content-type' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      send(request, response, answer(book, options, state, request, fields), type);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    crmUrl: `${base}/crm`,
    outgoingUrl: `${base}/outgoing`,
    templatesUrl: `${base}/templates`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the fixture answers: a body (after a delay, for the slow fault), or a connection cut with no answer. */
type Reply = { status: number; body: string; type: string; delayMs: number } | 'reset';

const JSON_TYPE = 'application/json; charset=utf-8';

const json = (status: number, body: unknown, delayMs = 0): Reply => ({
  status,
  body: JSON.stringify(body),
  type: JSON_TYPE,
  delayMs,
});

function send(request: IncomingMessage, response: ServerResponse, reply: Reply, jsonType: string): void {
  if (reply === 'reset') {
    request.socket.destroy();
    return;
  }
  setTimeout(() => {
    response.writeHead(reply.status, { 'content-type': reply.type === JSON_TYPE ? jsonType : reply.type });
    response.end(reply.body);
  }, reply.delayMs);
}

function answer(
  book: FixtureCustomer[],
  { authToken, fault, slowMs = 0 }: FaultyOptions,
  state: { lists: number },
  request: IncomingMessage,
  fields: Record<string, string>,
): Reply {
  const url = `http://${request.headers.host}${request.url}`;
  const header = request.headers['x-twilio-signature'];
  const signed = typeof header === 'string' && twilioWebhooks.validateRequest(authToken, header, url, fields);
  if (!signed && fault !== 'no-signature') return json(403, { error: 'invalid signature' });
  const worker = fields.Worker ?? '';
  const mine = book.filter((customer) => customer.workers.includes(worker));
  if (request.url === '/outgoing')
    return json(200, {
      proxy_address: fields.ChannelType === 'whatsapp' ? 'whatsapp:+14155238886' : '+15005550006',
    });
  if (request.url === '/templates')
    return json(200, [
      { display_name: 'Openers', templates: [{ content: 'Hello!', whatsAppApproved: true }] },
    ]);
  if (fields.Location === 'GetCustomersList') {
    const customers = listPage(mine, fields, fault);
    state.lists += 1;
    const body = { objects: { customers, ...(fault === 'no-searchable' ? {} : { searchable: true }) } };
    return json(200, body, fault === 'slow' && state.lists === 1 ? slowMs : 0);
  }
  if (fields.Location === 'GetCustomerDetailsByCustomerId') {
    const known = book.some((customer) => customer.customer_id === fields.CustomerId);
    if (!known && fault === 'unknown-500')
      return {
        status: 500,
        body: '<pre>TypeError: Cannot read properties of undefined</pre>',
        type: 'text/html',
        delayMs: 0,
      };
    if (!known && fault === 'unknown-reset') return 'reset';
    const found = (fault === 'no-worker-check' ? book : mine).find(
      (one) => one.customer_id === fields.CustomerId,
    );
    if (found === undefined) return json(404, { error: 'not found' });
    const { workers: _workers, ...customer } = found;
    return json(200, { objects: { customer } });
  }
  return json(422, { error: 'unknown Location' });
}

function listPage(mine: FixtureCustomer[], fields: Record<string, string>, fault: Fault | undefined) {
  const summary = ({ customer_id, display_name, avatar }: FixtureCustomer) => ({
    customer_id,
    display_name,
    avatar,
  });
  const query = fault === 'no-searchable' ? '' : (fields.Query ?? '');
  const listed = query.trim() === '' ? mine : mine.filter((customer) => matches(customer, query));
  if (fault === 'no-paging') return listed.map(summary);
  const size = Math.min(Number.parseInt(fields.PageSize ?? '30', 10) || 30, 100);
  let start = 0;
  if (fields.Anchor !== undefined) {
    const at = listed.findIndex((customer) => customer.customer_id === fields.Anchor);
    if (at < 0 && fault !== 'anchor-restart') return [];
    start = at + 1;
  }
  return listed.slice(start, start + size).map(summary);
}
