// GET /healthz: for load balancers and orchestrators, answered within a second whatever the load.
// - 503 shutting_down from the moment SIGTERM starts the drain, so that a load balancer stops sending;
// - 503 store_unavailable when the store fails to answer (refused, gone, or silent during an outage);
// - 200 otherwise, also when the process is overloaded or the store is merely slow to answer: busy is not broken,
//   and a load balancer that took every busy instance out would turn a spike into an outage. The body then says
//   `"busy": true`. Never shed by the overload checks (src/http/overload.ts).
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Directory } from '../directory/directory.ts';
import { AppError } from '../errors.ts';
import type { Episode } from '../http/episode-log.ts';

const Health = Type.Object({ status: Type.Literal('ok'), busy: Type.Optional(Type.Boolean()) });

/** Past this, a ping still running means a busy store (or, during an outage, a silent one). */
export const HEALTH_PING_MS = 800;

/** Whether `serve` is draining (set at SIGTERM). */
export interface Lifecycle {
  draining: boolean;
}

export interface HealthDeps {
  directory: Directory;
  lifecycle: Lifecycle;
  /** The store outage in progress, if any (error-handler.ts). */
  outage: Episode;
}

const unavailable = () => new AppError('store_unavailable', 'The customer directory is unavailable');

export function healthRoutes(app: FastifyInstance, { directory, lifecycle, outage }: HealthDeps): void {
  app.get('/healthz', { schema: { response: { 200: Health } } }, async () => {
    if (lifecycle.draining) throw new AppError('shutting_down', 'This instance is shutting down');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), HEALTH_PING_MS);
    });
    const ping = directory.ping().then(
      () => 'ok' as const,
      (error: unknown) =>
        error instanceof AppError && error.code === 'overloaded' ? ('busy' as const) : ('down' as const),
    );
    const outcome = await Promise.race([ping, late]);
    clearTimeout(timer);
    if (outcome === 'down' || (outcome === 'late' && outage.active)) throw unavailable();
    return outcome === 'ok' ? { status: 'ok' as const } : { status: 'ok' as const, busy: true };
  });
}
