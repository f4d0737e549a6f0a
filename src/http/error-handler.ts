// The one place where errors become HTTP answers: {"error": {"code", "message"}}. Callers' mistakes get a 4xx with
// a message that is safe to show; anything unexpected is logged in full and answered 500 without internals. It knows
// no driver: each store maps its own failures to AppErrors (src/stores/*/store-errors.ts).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, type ErrorDetail } from '../errors.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: readonly ErrorDetail[] };
}

/** A busy or unavailable store: retrying after this many seconds is right (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

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
  if (error.code === 'store_busy' || error.code === 'store_unavailable')
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(ERROR_CODES[error.code])
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body));
}

/**
 * Fastify's `frameworkErrors` option: what its router refuses before any route or hook runs (a path with a bad
 * escape such as `/%ff`, a path segment past maxParamLength) is answered in our shape, not Fastify's default body.
 * The message names no part of the URL: a directory API path holds a customer_id.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A segment of the request path is too long'
      : 'The request path is not valid (a malformed %-escape?)';
  request.log.warn({ code: 'bad_request', status: 400, fastifyCode: error.code }, message);
  sendError(reply, new AppError('bad_request', message));
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = toAppError(error);
    if (known === undefined) {
      request.log.error({ err: error }, 'unexpected error');
      return sendError(reply, new AppError('internal', 'Internal error'));
    }
    const level = known.status >= 500 ? 'error' : 'warn';
    request.log[level]({ code: known.code, status: known.status }, known.message);
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
