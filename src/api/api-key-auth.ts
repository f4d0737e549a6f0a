// The directory API's door: an onRequest hook for the /api/v1 scope that lets a request in only with
// `Authorization: Bearer <key>` of a key in the store, and a write only with a key that is not read-only. Every
// request reads the store (one indexed read by hash, nothing cached), so a revoked key stops working on every
// instance at once. The key and its hash are never logged; the routes may log request.apiKey.name.
//
// Not @fastify/bearer-auth: its `auth(key, request)` option can only answer true or false, and the plugin then
// answers its own 401 body (not {"error": {"code", "message"}}, and without WWW-Authenticate); an error thrown by
// `auth` becomes a 500, so a store outage could not be our 503, and "no key exists yet, create one like this" could
// not be said. What would remain of it is reading "Bearer <token>", one regular expression.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyStore } from '../directory/api-key-store.ts';
import { AppError } from '../errors.ts';
import { hashApiKey, isApiKeyShape, sameHash } from './api-keys.ts';

/** The key a request came with, as the routes may see and log it. */
export interface ApiKeyIdentity {
  name: string;
  readOnly: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The key that let this request in (src/api/api-key-auth.ts); undefined on a route exempt from keys. */
    apiKey?: ApiKeyIdentity;
  }
}

export interface ApiKeyAuthOptions {
  keys: ApiKeyStore;
  /** Routes that need no key, by their full URL as registered (e.g. '/api/v1/openapi.json'). */
  exempt?: readonly string[];
  /** The clock that markUsed records; tests give their own. */
  now?: () => Date;
  /** A key's use is recorded at most once in this many ms per process (default: a minute). */
  markUsedEveryMs?: number;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer +(\S+) *$/i;
const MARK_USED_EVERY_MS = 60_000;

export function apiKeyAuth(options: ApiKeyAuthOptions) {
  const { keys } = options;
  const exempt = new Set(options.exempt ?? []);
  const now = options.now ?? (() => new Date());
  const markUsed = usageRecorder(keys, options.markUsedEveryMs ?? MARK_USED_EVERY_MS);

  const refuse = async (reply: FastifyReply, why: string): Promise<never> => {
    reply.header('www-authenticate', 'Bearer');
    const none = (await keys.list()).length === 0;
    throw new AppError(
      'unauthorized',
      none
        ? 'This service has no API key yet: create one with `frontline api-key create NAME`, and send it as Authorization: Bearer <key>'
        : why,
    );
  };

  return async function checkApiKey(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.routeOptions.url !== undefined && exempt.has(request.routeOptions.url)) return;
    const header = request.headers.authorization;
    if (header === undefined)
      return refuse(reply, 'This API needs an API key, as Authorization: Bearer <key>');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined || !isApiKeyShape(token)) {
      return refuse(reply, 'The Authorization header is not Bearer <key> with a key of this service (fl_…)');
    }
    const hash = hashApiKey(token);
    const found = await keys.findByHash(hash);
    if (found === null || !sameHash(found.hash, hash)) {
      return refuse(reply, 'This API key is not valid: unknown, or revoked');
    }
    if (found.readOnly && !READS.has(request.method)) {
      throw new AppError(
        'forbidden',
        `The API key "${found.name}" is read-only: it may GET, but not ${request.method}`,
      );
    }
    request.apiKey = { name: found.name, readOnly: found.readOnly };
    await markUsed(request, found.name, now());
  };
}

/**
 * Records a key's use at most once per `everyMs` per process, so that reads stay reads: with N instances a busy
 * key costs N small UPDATEs a minute. A failure to record (the store busy with an import) is logged and the request
 * goes on; the next try comes `everyMs` later.
 */
function usageRecorder(keys: ApiKeyStore, everyMs: number) {
  const lastMarked = new Map<string, number>();
  return async (request: FastifyRequest, name: string, at: Date): Promise<void> => {
    const last = lastMarked.get(name);
    if (last !== undefined && at.getTime() - last < everyMs) return;
    lastMarked.set(name, at.getTime());
    try {
      await keys.markUsed(name, at);
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal';
      request.log.warn({ apiKey: name, code }, 'could not record the API key use');
    }
  };
}
