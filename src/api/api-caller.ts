// Who is calling the directory API, as the key check (the `authenticate` hook given to apiRoutes) found them, and
// the one log line each write leaves: key name, operation, customer count, status. Never a key, never a record.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ApiCaller {
  /** The key's name, as `frontline api-key create NAME` gave it. */
  name: string;
  readOnly: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiCaller;
  }
}

export type ApiOperation = 'create' | 'replace' | 'update' | 'delete' | 'import';

export function logWrite(
  request: FastifyRequest,
  reply: FastifyReply,
  operation: ApiOperation,
  customers: number,
): void {
  request.log.info(
    { key: request.apiKey?.name, operation, customers, status: reply.statusCode },
    'directory write',
  );
}
