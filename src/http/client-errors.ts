// Errors Fastify and Node's HTTP parser raise before any route runs, answered in our JSON body with a code like
// every other error: a URL that does not decode (`/%ff`), a path parameter over its length (Fastify's
// frameworkErrors), and what the parser refuses outright, a malformed chunked body, a bad Content-Length, headers
// too large, a request not received within REQUEST_TIMEOUT_MS (the server's clientError event, which has a socket
// and no request: the answer is written on the socket, which is then closed).
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../errors.ts';
import { type ErrorBody, sendError } from './error-handler.ts';

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

const PARSER_ERRORS: Record<string, { code: ErrorCode; status: number; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    code: 'request_timeout',
    status: 408,
    message: 'The request was not received in time',
  },
  HPE_HEADER_OVERFLOW: {
    code: 'header_too_large',
    status: 431,
    message: 'The request headers are too large',
  },
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** Fastify's `clientErrorHandler` option: called with the Fastify instance as `this`. */
export function clientErrorHandler(
  this: { log: FastifyBaseLogger },
  error: Error & { code?: string },
  socket: Socket,
): void {
  // A connection reset by the peer has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = PARSER_ERRORS[error.code ?? ''] ?? {
    code: 'bad_request' as const,
    status: 400,
    message: 'The request is not valid HTTP',
  };
  this.log.warn({ code: known.code, status: known.status, parser: error.code }, known.message);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body: ErrorBody = { error: { code: known.code, message: known.message } };
  const text = JSON.stringify(body);
  // Closed once the answer is flushed: whatever else the client sends is not read.
  socket.end(
    `HTTP/1.1 ${known.status} ${REASONS[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    () => socket.destroy(),
  );
}
