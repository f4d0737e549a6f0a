// The one place where errors become HTTP answers: {"error": {"code", "message"}}. Callers' mistakes get a 4xx with
// a message that is safe to show; anything unexpected is logged in full and answered 500 without internals. It knows
// no driver: each store maps its own failures to AppErrors (src/stores/*/store-errors.ts).
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, type ErrorDetail } from '../errors.ts';
import { type Episode, episode } from './episode-log.ts';

/** What the error handler counts instead of logging each refused request at error level. */
export interface Episodes {
  /** The customer store cannot answer (store_unavailable). */
  outage: Episode;
  /** Requests shed for overload (overloaded). */
  shed: Episode;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: readonly ErrorDetail[] };
}

/** A busy or unavailable store: retrying after this many seconds is right (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

const RETRYABLE: ReadonlySet<ErrorCode> = new Set([
  'store_busy',
  'store_unavailable',
  'overloaded',
  'shutting_down',
]);

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
};

export function toAppError(error: FastifyError | Error): AppError | undefined {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) {
    const context = fastifyError.validationContext === 'body' ? 'form' : fastifyError.validationContext;
    return new AppError(
      'bad_request',
      `${context} ${fastifyError.validation[0]?.message ?? 'is invalid'}`.trim(),
    );
  }
  const mapped = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (mapped !== undefined) return new AppError(mapped, fastifyError.message);
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return new AppError('bad_request', fastifyError.message);
  return undefined;
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  if (RETRYABLE.has(error.code)) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(ERROR_CODES[error.code])
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body));
}

export function episodesFor(logger: FastifyBaseLogger): Episodes {
  return {
    outage: episode(logger, {
      begins: 'customer store unavailable: answering 503 store_unavailable until it answers again',
      ends: 'customer store answers again',
    }),
    shed: episode(logger, {
      begins: 'overloaded: answering 503 overloaded to new requests',
      ends: 'overload over',
    }),
  };
}

/** A store failure's cause as a log field: its code (ECONNREFUSED, 57P01) or the first words of its message. */
function causeOf(error: AppError): string | undefined {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause.code === 'string') return cause.code;
  return typeof cause.message === 'string' ? cause.message.slice(0, 120) : undefined;
}

/** Logs an error answered with a code of the catalogue: outages and overload as episodes, the rest one line each. */
export function logKnown(request: FastifyRequest, known: AppError, episodes: Episodes): void {
  const fields = { code: known.code, status: known.status };
  if (known.code === 'store_unavailable')
    episodes.outage.refused(request.log, { ...fields, cause: causeOf(known) });
  else if (known.code === 'overloaded') episodes.shed.refused(request.log, { ...fields, why: known.message });
  else request.log[known.status >= 500 ? 'error' : 'warn'](fields, known.message);
}

export function installErrorHandlers(app: FastifyInstance, episodes: Episodes = episodesFor(app.log)): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = toAppError(error);
    if (known === undefined) {
      request.log.error({ err: error }, 'unexpected error');
      return sendError(reply, new AppError('internal', 'Internal error'));
    }
    logKnown(request, known, episodes);
    return sendError(reply, known);
  });
  app.setNotFoundHandler((request, reply) => {
    request.log.warn({ code: 'not_found', status: 404 }, 'no such route');
    return sendError(
      reply,
      new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
    );
  });
}
