// X-Twilio-Signature, checked with the twilio package over the URL Twilio called. Behind a proxy, a load balancer or
// ngrok the service cannot see that URL, so PUBLIC_URL names it; without it the URL is rebuilt from the request
// (protocol and host from X-Forwarded-* only when TRUST_PROXY says the proxy is trusted).
import type { FastifyRequest } from 'fastify';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { AppError } from '../errors.ts';

export interface SignatureOptions {
  authToken: string;
  publicUrl: string | undefined;
}

export function signedUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  return `${publicUrl ?? `${request.protocol}://${request.host}`}${request.url}`;
}

export function verifySignature({ authToken, publicUrl }: SignatureOptions) {
  return async function checkTwilioSignature(request: FastifyRequest): Promise<void> {
    const header = request.headers['x-twilio-signature'];
    if (typeof header !== 'string' || header === '')
      throw new AppError('signature_invalid', 'Missing X-Twilio-Signature header');
    const params = (request.body ?? {}) as Record<string, unknown>;
    let valid = false;
    try {
      valid = twilioWebhooks.validateRequest(authToken, header, signedUrl(request, publicUrl), params);
    } catch {
      // A Host header that makes no URL cannot have been signed by Twilio.
    }
    if (!valid) throw new AppError('signature_invalid', 'X-Twilio-Signature does not match this request');
  };
}
