// One log line per request: method, path, Location, status, duration. Never the body's other fields (customer
// data, search text) nor headers (signatures).
import type { FastifyInstance } from 'fastify';

function locationOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const location = (body as Record<string, unknown>).Location;
  return typeof location === 'string' ? location.slice(0, 64) : undefined;
}

export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        location: locationOf(request.body),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request',
    );
  });
}
