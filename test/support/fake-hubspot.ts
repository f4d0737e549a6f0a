// A local HTTP server that plays HubSpot's CRM API for the sync, in its documented wire format: the contacts search
// (POST /crm/v3/objects/contacts/search: filterGroups, sorts, properties, limit, `after` paging, `total`, results with
// properties, createdAt/updatedAt, archived), the archived contacts list (GET /crm/v3/objects/contacts?archived=true),
// owners (GET /crm/v3/owners), the account's portal id (GET /account-info/v3/details) and error bodies
// {"status":"error","message","correlationId","category"}. Its search refuses to page past `searchWindow` results,
// as HubSpot's does at 10,000, and it can be told to answer the next requests with a 429 or a 5xx, or to hold its
// searches (a stall) until released, so that a test can act while a sync is in the middle of a run.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HUBSPOT_TOKEN = 'pat-na1-00000000-1111-2222-3333-444444444444';
export const PORTAL_ID = 4200;

interface Contact {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
}

interface Fault {
  status: number;
  retryAfter?: number;
}

export interface FakeHubspotOptions {
  searchWindow?: number;
}

export class FakeHubspot {
  readonly #contacts = new Map<string, Contact>();
  readonly #owners = new Map<string, string>();
  readonly #faults: Fault[] = [];
  readonly #window: number;
  #clock = Date.parse('2026-11-01T00:00:00.000Z');
  #server = createServer((request, response) => void this.#handle(request, response));
  url = '';
  /** How many search requests were answered 200. */
  searches = 0;
  /** Searches answer 500 once this many have been answered 200 (until mend()): HubSpot down mid-run. */
  #breakAt = Number.POSITIVE_INFINITY;
  /** Statuses of every answered request, in order. */
  readonly statuses: number[] = [];
  /** Searches waiting for release() now. */
  held = 0;
  #holdAt = Number.POSITIVE_INFINITY;
  #gate: Promise<void> = Promise.resolve();
  #open: () => void = () => {};

  constructor(options: FakeHubspotOptions = {}) {
    this.#window = options.searchWindow ?? 10_000;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  addOwner(id: string, email: string): void {
    this.#owners.set(id, email);
  }

  /** Creates or changes a contact; each change is one millisecond after the previous one. */
  put(id: string, properties: Record<string, string>): void {
    const now = ++this.#clock;
    const old = this.#contacts.get(id);
    this.#contacts.set(id, {
      id,
      properties: { ...(old?.properties ?? {}), ...properties },
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      archivedAt: null,
    });
  }

  /** Several contacts changed in the same millisecond (a bulk edit). */
  putAtOnce(contacts: { id: string; properties: Record<string, string> }[]): void {
    const now = ++this.#clock;
    for (const { id, properties } of contacts)
      this.#contacts.set(id, { id, properties, createdAt: now, updatedAt: now, archivedAt: null });
  }

  archive(id: string): void {
    const contact = this.#contacts.get(id);
    if (contact !== undefined) contact.archivedAt = ++this.#clock;
  }

  breakAfter(searches: number): void {
    this.#breakAt = this.searches + searches;
  }

  /** Searches after the next `searches` answered ones wait, unanswered, until release(). */
  holdAfter(searches: number): void {
    this.#holdAt = this.searches + searches;
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#holdAt = Number.POSITIVE_INFINITY;
    this.#open();
  }

  /** Resolves once a search is being held. */
  async untilHeld(): Promise<void> {
    while (this.held === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  mend(): void {
    this.#breakAt = Number.POSITIVE_INFINITY;
  }

  /** The next requests answer these statuses, in order, whatever they ask. */
  fail(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    // The client asks for /crm/v3/owners/ (HubSpot's own spelling); the others have no trailing slash.
    url.pathname = url.pathname.replace(/\/+$/, '');
    const body = await readBody(request);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.statuses.push(status);
      response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      response.end(JSON.stringify(payload));
    };
    const error = (status: number, category: string, message: string, headers: Record<string, string> = {}) =>
      send(status, { status: 'error', message, correlationId: randomUUID(), category }, headers);
    if (request.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`)
      return error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    const fault = this.#faults.shift();
    if (fault?.status === 429)
      return error(429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', {
        'retry-after': String(fault.retryAfter ?? 1),
      });
    if (fault !== undefined) return error(fault.status, 'INTERNAL_ERROR', 'internal error');
    if (request.method === 'POST' && url.pathname === '/crm/v3/objects/contacts/search') {
      if (this.searches >= this.#holdAt) {
        this.held++;
        await this.#gate;
        this.held--;
      }
      return this.#search(JSON.parse(body) as SearchRequest, send, error);
    }
    if (request.method === 'GET' && url.pathname === '/crm/v3/objects/contacts')
      return this.#archived(url.searchParams, send);
    if (request.method === 'GET' && url.pathname === '/crm/v3/owners')
      return this.#ownerPage(url.searchParams, send);
    if (request.method === 'GET' && url.pathname === '/account-info/v3/details')
      return send(200, {
        portalId: PORTAL_ID,
        timeZone: 'US/Eastern',
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
      });
    return error(404, 'OBJECT_NOT_FOUND', `no route ${request.method} ${url.pathname}`);
  }

  #search(query: SearchRequest, send: Send, error: Failure): void {
    const filters = (query.filterGroups ?? []).flatMap((group) => group.filters);
    const since = filters.find((f) => f.propertyName === 'lastmodifieddate' && f.operator === 'GTE');
    const sort = query.sorts?.[0];
    if (sort === undefined || sort.propertyName !== 'lastmodifieddate' || sort.direction !== 'ASCENDING')
      return void error(400, 'VALIDATION_ERROR', 'this fake only sorts by lastmodifieddate, ascending');
    if (this.searches >= this.#breakAt) return void error(500, 'INTERNAL_ERROR', 'internal error');
    const matches = [...this.#contacts.values()]
      .filter((c) => c.archivedAt === null && (since === undefined || c.updatedAt >= Number(since.value)))
      .sort((a, b) => a.updatedAt - b.updatedAt || Number(a.id) - Number(b.id));
    const offset = Number(query.after ?? 0);
    const limit = Math.min(query.limit ?? 10, 200);
    if (offset + limit > this.#window)
      return void error(400, 'VALIDATION_ERROR', `paging past ${this.#window} results is not supported`);
    this.searches++;
    const results = matches.slice(offset, offset + limit).map((c) => this.#object(c, query.properties ?? []));
    const next = offset + limit < matches.length ? String(offset + limit) : null;
    send(200, {
      total: matches.length,
      results,
      ...(next === null ? {} : { paging: { next: { after: next } } }),
    });
  }

  #archived(params: URLSearchParams, send: Send): void {
    if (params.get('archived') !== 'true')
      return void send(400, { status: 'error', message: 'only archived here', category: 'VALIDATION_ERROR' });
    const archived = [...this.#contacts.values()].filter((c) => c.archivedAt !== null);
    const offset = Number(params.get('after') ?? 0);
    const limit = Number(params.get('limit') ?? 10);
    const results = archived.slice(offset, offset + limit).map((c) => ({
      ...this.#object(c, []),
      archived: true,
      archivedAt: new Date(c.archivedAt ?? 0).toISOString(),
    }));
    const next = offset + limit < archived.length ? String(offset + limit) : null;
    send(200, { results, ...(next === null ? {} : { paging: { next: { after: next, link: '' } } }) });
  }

  #ownerPage(params: URLSearchParams, send: Send): void {
    const owners = [...this.#owners].map(([id, email]) => ({
      id,
      email,
      type: 'PERSON',
      firstName: email.split('@')[0],
      lastName: 'Rep',
      userId: Number(id),
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      archived: false,
    }));
    const offset = Number(params.get('after') ?? 0);
    const limit = Number(params.get('limit') ?? 100);
    const next = offset + limit < owners.length ? String(offset + limit) : null;
    send(200, {
      results: owners.slice(offset, offset + limit),
      ...(next === null ? {} : { paging: { next: { after: next, link: '' } } }),
    });
  }

  #object(contact: Contact, properties: readonly string[]) {
    const props: Record<string, string | null> = {
      hs_object_id: contact.id,
      createdate: new Date(contact.createdAt).toISOString(),
      lastmodifieddate: new Date(contact.updatedAt).toISOString(),
    };
    for (const name of properties) props[name] = contact.properties[name] ?? null;
    return {
      id: contact.id,
      properties: props,
      createdAt: new Date(contact.createdAt).toISOString(),
      updatedAt: new Date(contact.updatedAt).toISOString(),
      archived: false,
    };
  }
}

type Send = (status: number, payload: unknown, headers?: Record<string, string>) => void;
type Failure = (status: number, category: string, message: string) => void;

interface SearchRequest {
  filterGroups?: { filters: { propertyName: string; operator: string; value?: string }[] }[];
  sorts?: { propertyName: string; direction: string }[];
  properties?: string[];
  limit?: number;
  after?: string;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
