// GET /healthz: for load balancers and orchestrators. 200 while the process is up and the store answers, 503 when not.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Directory } from '../directory/directory.ts';
import { AppError } from '../errors.ts';

const Health = Type.Object({ status: Type.Literal('ok') });

export function healthRoutes(app: FastifyInstance, { directory }: { directory: Directory }): void {
  app.get('/healthz', { schema: { response: { 200: Health } } }, async () => {
    try {
      await directory.ping();
    } catch {
      throw new AppError('store_unavailable', 'The customer directory is unavailable');
    }
    return { status: 'ok' as const };
  });
}
