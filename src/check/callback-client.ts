// The one door of `frontline check` to the integration under test: a form POST signed the way Twilio signs it (the
// twilio package's own helper), timed to the last byte, with every exchange kept for the transport checks (content
// type, 64 KB, 6 s). It never throws for what the integration does: a timeout, a reset or a bad body is an outcome.
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';

/**
 * How a request is signed: as Twilio would, not at all, with another token (a forgery), or with the right token over
 * other fields than those sent (a body changed on the way).
 */
export type Signing = 'valid' | 'none' | 'wrong' | { signedFields: Record<string, string> };

export interface Exchange {
  /** What the request was for, e.g. `GetCustomersList as alice@example.com, page 2`: no customer data. */
  label: string;
  /** The HTTP status; undefined when no answer came (see `failure`). */
  status: number | undefined;
  contentType: string;
  bytes: number;
  ms: number;
  /** The parsed JSON body; undefined when the body was not JSON (or there was none). */
  json: unknown;
  /** Why there was no usable answer: no answer inside the hard limit, or the connection failed or was reset. */
  failure: 'timeout' | 'connection' | undefined;
  /** The body was larger than the client reads (it stopped reading). */
  truncated: boolean;
}

export interface ClientOptions {
  authToken: string;
  /** The time budget of one request (Frontline's is 6 s); the client waits this long plus `graceMs` at most. */
  timeoutMs: number;
  graceMs: number;
}

/** Bodies past this are not read further: a list that ignores paging on a big book must not fill the memory. */
export const MAX_READ_BYTES = 4 * 1024 * 1024;

export interface CallbackClient {
  post(url: string, fields: Record<string, string>, label: string, signing?: Signing): Promise<Exchange>;
  /** Every exchange so far, in order. */
  readonly exchanges: readonly Exchange[];
}

export function callbackClient({ authToken, timeoutMs, graceMs }: ClientOptions): CallbackClient {
  const exchanges: Exchange[] = [];
  const signatureOf = (
    url: string,
    fields: Record<string, string>,
    signing: Signing,
  ): Record<string, string> => {
    if (signing === 'none') return {};
    const token = signing === 'wrong' ? `${authToken}-not-the-token` : authToken;
    const signed = typeof signing === 'object' ? signing.signedFields : fields;
    return { 'x-twilio-signature': twilioWebhooks.getExpectedTwilioSignature(token, url, signed) };
  };
  return {
    exchanges,
    async post(url, fields, label, signing = 'valid') {
      const started = performance.now();
      const exchange: Exchange = {
        label,
        status: undefined,
        contentType: '',
        bytes: 0,
        ms: 0,
        json: undefined,
        failure: undefined,
        truncated: false,
      };
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
            'user-agent': 'frontline-check (TwilioProxy/1.1 compatible)',
            ...signatureOf(url, fields, signing),
          },
          body: new URLSearchParams(fields).toString(),
          signal: AbortSignal.timeout(timeoutMs + graceMs),
          redirect: 'manual',
        });
        exchange.status = response.status;
        exchange.contentType = response.headers.get('content-type') ?? '';
        const { text, bytes, truncated } = await readBody(response);
        exchange.bytes = bytes;
        exchange.truncated = truncated;
        exchange.json = truncated ? undefined : parseJson(text);
      } catch (error) {
        exchange.failure = isTimeout(error) ? 'timeout' : 'connection';
      }
      exchange.ms = performance.now() - started;
      exchanges.push(exchange);
      return exchange;
    },
  };
}

async function readBody(response: Response): Promise<{ text: string; bytes: number; truncated: boolean }> {
  if (response.body === null) return { text: '', bytes: 0, truncated: false };
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_READ_BYTES) {
      await reader.cancel();
      return { text: '', bytes, truncated: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes, truncated: false };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
