// The hooks that feed the metrics: one onResponse per request (route, Location, status, duration) and one onError
// for the failures worth their own counter (signatures, the store). The directory API's writes count themselves
// through app.metrics (src/api/api-caller.ts), which is null while metrics are off.
import type { FastifyInstance } from 'fastify';
import { toAppError } from '../http/error-handler.ts';
import { operationLabel, routeLabel } from './labels.ts';
import type { Metrics } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The metrics being kept, or null when METRICS_PORT is unset. */
    metrics: Metrics | null;
  }
}

const STORE_CODES = new Set(['store_busy', 'store_unavailable']);

export function installMetrics(app: FastifyInstance, metrics: Metrics | undefined): void {
  app.decorate('metrics', metrics ?? null);
  if (metrics === undefined) return;
  // Callback hooks rather than async ones: no promise per request for hooks that never wait.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.request(
      routeLabel(request.routeOptions.url),
      operationLabel(request.body),
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.addHook('onError', (request, _reply, error, done) => {
    const code = toAppError(error)?.code;
    if (code === 'signature_invalid') {
      const header = request.headers['x-twilio-signature'];
      metrics.signatureFailure(typeof header === 'string' && header !== '' ? 'mismatch' : 'missing');
    } else if (code !== undefined && STORE_CODES.has(code)) metrics.storeError(code);
    done();
  });
}
