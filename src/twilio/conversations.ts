// The Conversations API calls the callbacks make, behind a small port: the callbacks know nothing of the twilio
// package, and tests point the real client at a local server through its `httpClient` option.
import type { RequestClient } from 'twilio';

export interface Participant {
  sid: string;
  /** Set for chat participants (workers); null for SMS/WhatsApp ones (customers). */
  identity: string | null;
  /** The participant's attributes, a JSON string as Twilio stores it. */
  attributes: string;
  /** An SMS or WhatsApp participant's own address (messaging_binding.address); null for chat participants. */
  address?: string | null;
}

export interface ConversationsApi {
  fetchParticipant(conversationSid: string, participantSid: string): Promise<Participant>;
  updateParticipantAttributes(
    conversationSid: string,
    participantSid: string,
    attributes: string,
  ): Promise<void>;
  /** The conversation's participants (the first 50: a new inbound conversation has its customer and a rep or two). */
  listParticipants(conversationSid: string): Promise<Participant[]>;
  /** Adds a chat participant with this identity; 'already_there' when it already is one (a retried routing). */
  addWorker(conversationSid: string, identity: string): Promise<'added' | 'already_there'>;
}

/** Twilio's error for "a participant with this identity already exists". */
const PARTICIPANT_EXISTS = 50433;

/** A failed API call. Its message carries statuses and codes only: Twilio's own text may quote identities. */
export class ConversationsApiError extends Error {
  override name = 'ConversationsApiError';
  /** The HTTP status Twilio answered; undefined when no answer came (network error, timeout). */
  readonly status: number | undefined;
  readonly twilioCode: number | undefined;
  /** Why no answer came, as the network layer names it (ECONNREFUSED, ENOTFOUND, ECONNRESET, ETIMEDOUT...). */
  readonly networkCode: string | undefined;

  constructor(status: number | undefined, twilioCode: number | undefined, networkCode?: string) {
    super(
      status === undefined
        ? `the Conversations API could not be reached${networkCode === undefined ? '' : ` (${networkCode})`}`
        : `the Conversations API answered ${status}${twilioCode === undefined ? '' : ` (Twilio error ${twilioCode})`}`,
    );
    this.status = status;
    this.twilioCode = twilioCode;
    this.networkCode = networkCode;
  }

  /** 404 and 409 while a new conversation is still initializing, 429 and 5xx when Twilio is busy: worth a retry. */
  get retryable(): boolean {
    const { status } = this;
    return status === undefined || status === 404 || status === 409 || status === 429 || status >= 500;
  }
}

function apiError(error: unknown): ConversationsApiError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const status = typeof fields.status === 'number' ? fields.status : undefined;
  const code = typeof fields.code === 'number' ? fields.code : undefined;
  // The HTTP client's error code (axios passes Node's through): a fixed vocabulary, never a host name or text.
  const network =
    status === undefined && typeof fields.code === 'string' && /^[A-Z][A-Z0-9_]{1,39}$/.test(fields.code)
      ? fields.code
      : undefined;
  return new ConversationsApiError(status, code, network);
}

/** messaging_binding.address, when the binding is an object with a string there (the client types it `any`). */
function bindingAddress(binding: unknown): string | null {
  if (binding === null || typeof binding !== 'object') return null;
  const address = (binding as { address?: unknown }).address;
  return typeof address === 'string' ? address : null;
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw apiError(error);
  }
}

export interface ConversationsApiOptions {
  accountSid: string;
  authToken: string;
  /** Tests pass a RequestClient that sends to a local server; otherwise twilio's own, with `timeoutMs`. */
  httpClient?: RequestClient;
  timeoutMs?: number;
}

export async function createConversationsApi(options: ConversationsApiOptions): Promise<ConversationsApi> {
  // Loaded here rather than at the top: the whole REST client takes ~0.5 s to load, which `frontline import`
  // and the services without an account SID should not pay.
  const { default: twilio } = await import('twilio');
  const httpClient = options.httpClient ?? new twilio.RequestClient({ timeout: options.timeoutMs ?? 5000 });
  const client = twilio(options.accountSid, options.authToken, { httpClient });
  const conversation = (sid: string) => client.conversations.v1.conversations(sid);

  return {
    fetchParticipant: (conversationSid, participantSid) =>
      call(async () => {
        const found = await conversation(conversationSid).participants(participantSid).fetch();
        return { sid: found.sid, identity: found.identity ?? null, attributes: found.attributes ?? '{}' };
      }),
    updateParticipantAttributes: (conversationSid, participantSid, attributes) =>
      call(async () => {
        await conversation(conversationSid).participants(participantSid).update({ attributes });
      }),
    listParticipants: (conversationSid) =>
      call(async () => {
        const found = await conversation(conversationSid).participants.list({ limit: 50 });
        return found.map((p) => ({
          sid: p.sid,
          identity: p.identity ?? null,
          attributes: p.attributes ?? '{}',
          address: bindingAddress(p.messagingBinding),
        }));
      }),
    async addWorker(conversationSid, identity) {
      try {
        await call(() => conversation(conversationSid).participants.create({ identity }));
        return 'added';
      } catch (error) {
        if (error instanceof ConversationsApiError && error.twilioCode === PARTICIPANT_EXISTS)
          return 'already_there';
        throw error;
      }
    },
  };
}
