// X-Twilio-Signature, checked with the twilio package over the URL Twilio called. Behind a proxy, a load balancer or
// ngrok the service cannot see that URL, so PUBLIC_URL names it; without it the URL is rebuilt from the request
// (protocol and host from X-Forwarded-* only when TRUST_PROXY says the proxy is trusted).
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { AppError } from '../errors.ts';
import { signedUrlOrigin } from './signature-log.ts';

export interface SignatureOptions {
  /** Every token a valid signature may be made with: the primary first (the common case: one HMAC). */
  authTokens: readonly string[];
  publicUrl: string | undefined;
  /** TRUST_PROXY, for the log line of a mismatch only (Fastify applies it to request.protocol and host). */
  trustProxy: boolean | readonly string[];
}

export function signedUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  return `${publicUrl ?? `${request.protocol}://${request.host}`}${request.url}`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A field as twilio's getExpectedTwilioSignature spells it: name and value; a repeated field's values deduplicated and sorted. */
function fieldText(name: string, value: unknown): string {
  if (!Array.isArray(value)) return name + value;
  let text = '';
  for (const each of Array.from(new Set(value)).sort()) text += fieldText(name, each);
  return text;
}

/**
 * twilio's getExpectedTwilioSignature (HMAC-SHA1 of the URL and the fields sorted by name, base64), built without its
 * reduce chain and the Buffer copy of the whole string: the same bytes, the same result (verify-signature.test.ts
 * checks it against the package's own).
 */
export function expectedSignature(
  authToken: string | KeyObject,
  url: string,
  params: Record<string, unknown>,
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) data += fieldText(name, params[name]);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether `header` is Twilio's signature of this URL and form. */
function isSignedBy(
  { authToken, key }: SigningKey,
  header: string,
  url: string,
  params: Record<string, unknown>,
) {
  try {
    // The URL exactly as Twilio called it first: one HMAC, the common case. Then validateRequest's variants (with
    // and without the default port, the URL as `new URL()` spells it), which cost up to six more.
    return (
      sameText(header, expectedSignature(key, url, params)) ||
      twilioWebhooks.validateRequest(authToken, header, url, params)
    );
  } catch {
    // A Host header that makes no URL cannot have been signed by Twilio.
    return false;
  }
}

/** A token and its HMAC key, imported once: a string key is imported again by every createHmac. */
interface SigningKey {
  authToken: string;
  key: KeyObject;
}

export function verifySignature({ authTokens, publicUrl, trustProxy }: SignatureOptions) {
  const keys: SigningKey[] = authTokens.map((authToken) => ({
    authToken,
    key: createSecretKey(Buffer.from(authToken, 'utf8')),
  }));
  // A callback hook rather than an async one: no promise per request on the hot path.
  return function checkTwilioSignature(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void {
    const header = request.headers['x-twilio-signature'];
    if (typeof header !== 'string' || header === '') {
      done(new AppError('signature_invalid', 'Missing X-Twilio-Signature header'));
      return;
    }
    const params = (request.body ?? {}) as Record<string, unknown>;
    const url = signedUrl(request, publicUrl);
    if (!keys.some((key) => isSignedBy(key, header, url, params))) {
      const { source, hint } = signedUrlOrigin(request, publicUrl, trustProxy);
      request.log.warn(
        { code: 'signature_invalid', checkedUrl: url, urlFrom: source },
        `X-Twilio-Signature did not match ${url}: ${hint}`,
      );
      done(new AppError('signature_invalid', 'X-Twilio-Signature does not match this request'));
      return;
    }
    done();
  };
}
