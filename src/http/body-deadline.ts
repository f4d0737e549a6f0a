// REQUEST_TIMEOUT_MS for a request's body, route by route. Node's own requestTimeout covers the whole request on
// every route of the server, so it would cut a directory API import that streams a large file for minutes; it is
// off (app.ts), and Node's headersTimeout keeps bounding the headers. Here every other route gets the deadline: a
// body still incomplete after it (shorter than its Content-Length, a stalled upload) is answered 408
// request_timeout and its connection closed, well inside Frontline's 6 s, instead of being held open.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { sendError } from './error-handler.ts';

const MESSAGE = 'The request was not received in time';

/** Routes whose bodies may take longer than the deadline to arrive (the streamed imports). */
export type Exempt = (routeUrl: string | undefined) => boolean;

export function installBodyDeadline(app: FastifyInstance, deadlineMs: number, exempt: Exempt): void {
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (raw.complete || exempt(request.routeOptions.url)) return done();
    const timer = setTimeout(() => {
      if (raw.complete || reply.sent) return;
      request.log.warn({ code: 'request_timeout', status: 408 }, MESSAGE);
      reply.header('connection', 'close');
      sendError(reply, new AppError('request_timeout', MESSAGE));
      // Whatever else the client sends is not read: the parser waiting for the rest of the body ends with it.
      reply.raw.once('finish', () => raw.socket?.destroy());
    }, deadlineMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    raw.once('end', clear);
    raw.once('close', clear);
    done();
  });
}
