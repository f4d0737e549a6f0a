// A local HTTP server that plays the Twilio Conversations API (participants only) and the Frontline API (Users) and
// records every call, so tests run the real twilio client end to end and assert on what it sent. It can be told to fail the next requests
// (404/409 while a conversation is "initializing", 500, ...) or to answer slowly.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient.js';
import { type ConversationsApi, createConversationsApi } from '../../src/twilio/conversations.ts';
import { createFrontlineUsers, type FrontlineUsersApi } from '../../src/twilio/frontline-users.ts';

export const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
export const API_TOKEN = 'test-auth-token-0123456789abcdef0123';

/** A well-formed SID: `sid('CH', 1)` → CH000…001. */
export const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, '0')}`;

export interface RecordedCall {
  method: string;
  path: string;
  form: Record<string, string>;
  /** What the fake answered. */
  status: number;
}

export interface FakeParticipant {
  sid: string;
  identity: string | null;
  attributes: string;
  /** An SMS or WhatsApp participant's address (messaging_binding.address); +12125550199 when not given. */
  address?: string;
}

/** A Frontline user as the Frontline API's Users resource has it. */
export interface FakeUser {
  identity: string;
  isAvailable: boolean;
  state: 'active' | 'deactivated';
  friendlyName?: string;
}

interface Failure {
  status: number;
  code: number;
  method: string | undefined;
  /** Only requests whose path starts with this. */
  path: string | undefined;
  remaining: number;
}

/** Sends what the twilio client addresses to conversations.twilio.com to the fake instead. */
class LocalRequestClient extends twilio.RequestClient {
  readonly #base: string;

  constructor(base: string) {
    super({ timeout: 5000 });
    this.#base = base;
  }

  override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
    return super.request<TData>({
      ...opts,
      uri: opts.uri.replace(/^https:\/\/(conversations|frontline-api)\.twilio\.com/, this.#base),
    });
  }
}

export class FakeTwilio {
  readonly calls: RecordedCall[] = [];
  /** Every answer waits this long. */
  delayMs = 0;
  readonly #conversations = new Map<string, FakeParticipant[]>();
  readonly #failures: Failure[] = [];
  readonly #users = new Map<string, FakeUser & { sid: string }>();
  readonly #server = createServer((request, response) => this.#handle(request, response));
  #nextSid = 1000;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The port the app uses: the real twilio client, its HTTP layer pointed here. */
  api(authToken = API_TOKEN): Promise<ConversationsApi> {
    const httpClient = new LocalRequestClient(this.baseUrl);
    return createConversationsApi({ accountSid: ACCOUNT_SID, authToken, httpClient });
  }

  /** The Frontline API's Users resource: the same client, its HTTP layer pointed here. */
  frontlineUsers(authToken = API_TOKEN): Promise<FrontlineUsersApi> {
    const httpClient = new LocalRequestClient(this.baseUrl);
    return createFrontlineUsers({ accountSid: ACCOUNT_SID, authToken, httpClient });
  }

  /** Adds or changes a Frontline user (found by its SID or its exact, case-sensitive identity). */
  setUser(user: FakeUser): void {
    const existing = [...this.#users.values()].find((u) => u.identity === user.identity);
    const sid = existing?.sid ?? `US${String(this.#nextSid++).padStart(32, '0')}`;
    this.#users.set(sid, { ...user, sid });
  }

  addParticipant(conversationSid: string, participant: FakeParticipant): void {
    this.#conversations.set(conversationSid, [
      ...(this.#conversations.get(conversationSid) ?? []),
      participant,
    ]);
  }

  participants(conversationSid: string): FakeParticipant[] {
    return this.#conversations.get(conversationSid) ?? [];
  }

  /** The next `count` requests (of this method, when given) are answered `status` with Twilio error `code`. */
  failNext(
    count: number,
    status: number,
    options: { code?: number; method?: string; path?: string } = {},
  ): void {
    this.#failures.push({
      status,
      code: options.code ?? status * 100,
      method: options.method,
      path: options.path,
      remaining: count,
    });
  }

  /** Forgets calls, participants, failures and delay between tests. */
  reset(): void {
    this.calls.length = 0;
    this.#conversations.clear();
    this.#failures.length = 0;
    this.#users.clear();
    this.delayMs = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += chunk;
    const form = Object.fromEntries(new URLSearchParams(body));
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const [status, payload] = this.#answer(method, path, form, request.headers.authorization);
    this.calls.push({ method, path, form, status });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  }

  #answer(
    method: string,
    path: string,
    form: Record<string, string>,
    auth: string | undefined,
  ): [number, unknown] {
    const expected = `Basic ${Buffer.from(`${ACCOUNT_SID}:${API_TOKEN}`).toString('base64')}`;
    if (auth !== expected) return error(401, 20003, 'Authenticate');
    const failure = this.#failures.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || path.startsWith(f.path)),
    );
    if (failure !== undefined) {
      failure.remaining -= 1;
      return error(failure.status, failure.code, 'Simulated failure');
    }
    const user = /^\/v1\/Users\/([^/?]+)$/.exec(path);
    if (user !== null) return this.#user(decodeURIComponent(user[1] ?? ''));
    const match = /^\/v1\/Conversations\/([^/]+)\/Participants(?:\/([^/?]+))?(?:\?.*)?$/.exec(path);
    if (match === null) return error(404, 20404, 'The requested resource was not found');
    const [, conversationSid = '', participantSid] = match;
    const list = this.#conversations.get(conversationSid);
    if (participantSid === undefined && method === 'POST') {
      if (list === undefined) return error(404, 20404, 'Conversation not found');
      if (list.some((p) => p.identity === form.Identity))
        return error(409, 50433, 'Participant already exists');
      const created = {
        sid: `MB${String(this.#nextSid++).padStart(32, '0')}`,
        identity: form.Identity ?? null,
        attributes: form.Attributes ?? '{}',
      };
      list.push(created);
      return [201, resource(conversationSid, created)];
    }
    // GET …/Participants: the list, one page, as Twilio pages it (meta.key names the records).
    if (participantSid === undefined && method === 'GET') {
      if (list === undefined) return error(404, 20404, 'Conversation not found');
      const url = `https://conversations.twilio.com/v1/Conversations/${conversationSid}/Participants`;
      const meta = {
        page: 0,
        page_size: 50,
        first_page_url: url,
        previous_page_url: null,
        url,
        next_page_url: null,
        key: 'participants',
      };
      return [200, { participants: list.map((p) => resource(conversationSid, p)), meta }];
    }
    const participant = list?.find((p) => p.sid === participantSid);
    if (participant === undefined) return error(404, 20404, 'Participant not found');
    if (method === 'POST' && form.Attributes !== undefined) participant.attributes = form.Attributes;
    return [200, resource(conversationSid, participant)];
  }

  // GET /v1/Users/{Sid}: the sid, or the identity exactly as Frontline spells it (identities are case-sensitive).
  #user(sidOrIdentity: string): [number, unknown] {
    const found =
      this.#users.get(sidOrIdentity) ?? [...this.#users.values()].find((u) => u.identity === sidOrIdentity);
    if (found === undefined) return error(404, 20404, 'The requested resource was not found');
    return [
      200,
      {
        sid: found.sid,
        identity: found.identity,
        friendly_name: found.friendlyName ?? found.identity,
        avatar: null,
        state: found.state,
        is_available: found.isAvailable,
        url: `https://frontline-api.twilio.com/v1/Users/${found.sid}`,
      },
    ];
  }
}

function error(status: number, code: number, message: string): [number, unknown] {
  return [status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }];
}

function resource(conversationSid: string, participant: FakeParticipant) {
  return {
    account_sid: ACCOUNT_SID,
    chat_service_sid: sid('IS', 1),
    conversation_sid: conversationSid,
    sid: participant.sid,
    identity: participant.identity,
    attributes: participant.attributes,
    messaging_binding:
      participant.identity === null
        ? {
            type: participant.address?.startsWith('whatsapp:') ? 'whatsapp' : 'sms',
            address: participant.address ?? '+12125550199',
          }
        : null,
    role_sid: sid('RL', 1),
    date_created: '2024-01-01T00:00:00Z',
    date_updated: '2024-01-01T00:00:00Z',
    url: `https://conversations.twilio.com/v1/Conversations/${conversationSid}/Participants/${participant.sid}`,
    last_read_message_index: null,
    last_read_timestamp: null,
  };
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  return new FakeTwilio().start();
}
