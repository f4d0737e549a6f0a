// Why a signature did not match, on one log line: the URL it was checked against and what shaped that URL
// (PUBLIC_URL, X-Forwarded-* trusted through TRUST_PROXY, or the request alone), so "signatures fail behind the load
// balancer" is solved by comparing that URL with the one in the Twilio or Frontline console. Never the signature
// nor the token.
import type { FastifyRequest } from 'fastify';

export type UrlSource = 'PUBLIC_URL' | 'X-Forwarded (TRUST_PROXY)' | 'request';

export interface SignedUrlOrigin {
  source: UrlSource;
  hint: string;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What made the URL a signature was checked against, and what to try when it is not the one Twilio called. */
export function signedUrlOrigin(
  request: FastifyRequest,
  publicUrl: string | undefined,
  trustProxy: boolean | readonly string[],
): SignedUrlOrigin {
  if (publicUrl !== undefined)
    return {
      source: 'PUBLIC_URL',
      hint: 'the base URL is PUBLIC_URL: it must be the one the Twilio console calls, scheme and port included',
    };
  const forwardedHost = header(request, 'x-forwarded-host');
  const forwardedProto = header(request, 'x-forwarded-proto');
  const socketProto = (request.raw.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
  const used =
    (forwardedHost !== undefined && request.host !== request.headers.host) ||
    (forwardedProto !== undefined && request.protocol !== socketProto);
  if (used)
    return {
      source: 'X-Forwarded (TRUST_PROXY)',
      hint: 'protocol and host came from X-Forwarded-Proto/Host, trusted through TRUST_PROXY; set PUBLIC_URL if the proxy rewrites them',
    };
  if (forwardedHost !== undefined || forwardedProto !== undefined)
    return {
      source: 'request',
      hint:
        trustProxy === false
          ? 'X-Forwarded-Proto/Host were ignored because TRUST_PROXY is off: set PUBLIC_URL (or TRUST_PROXY to the proxy)'
          : 'X-Forwarded-Proto/Host were ignored: this peer is not in TRUST_PROXY; set PUBLIC_URL',
    };
  return {
    source: 'request',
    hint: 'no PUBLIC_URL: protocol and host are the request’s own; behind TLS termination or a proxy, set PUBLIC_URL',
  };
}
