// One log line per request: method, path, Location or EventType, status, duration. Never the body's other fields
// (customer data, search text) nor headers (signatures).
import type { FastifyInstance } from 'fastify';

/** Location (Frontline callbacks) or EventType (Conversations webhooks): which operation, never more. */
function fieldOf(body: unknown, name: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, 64) : undefined;
}

export function installRequestLog(app: FastifyInstance): void {
  // A callback hook rather than an async one: no promise per request for a hook that never waits.
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        // The route's pattern when it has one: a directory API path holds a customer_id, which stays out of logs.
        path: request.routeOptions.url ?? request.url.split('?')[0],
        location: fieldOf(request.body, 'Location'),
        event: fieldOf(request.body, 'EventType'),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request',
    );
    done();
  });
}
