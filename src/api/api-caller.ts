// The one log line each directory API write leaves: the name of the key that made it (request.apiKey, set by
// api-key-auth.ts), the operation, how many customers it touched, the status. Never a key, never a record. The same
// write is counted in the metrics when they are on.
import type { FastifyReply, FastifyRequest } from 'fastify';

export type ApiOperation = 'create' | 'replace' | 'update' | 'delete' | 'import';

export function logWrite(
  request: FastifyRequest,
  reply: FastifyReply,
  operation: ApiOperation,
  customers: number,
): void {
  request.server.metrics?.apiWrite(operation, reply.statusCode, customers);
  request.log.info(
    { key: request.apiKey?.name, operation, customers, status: reply.statusCode },
    'directory write',
  );
}
