// A small Fastify app with the service's error handlers and the API key hook on an /api/v1 scope (as src/app.ts
// wires it), with stand-in routes that answer the request's apiKey: the key tests (test/api/, test/cli/) drive it
// with app.inject over a real store.
import assert from 'node:assert/strict';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { apiKeyAuth } from '../../src/api/api-key-auth.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { installErrorHandlers } from '../../src/http/error-handler.ts';

export const HOW_TO =
  'This service has no API key yet: create one with `frontline api-key create NAME`, and send it as Authorization: Bearer <key>';
/** Where the hook's clock starts. */
export const START = new Date('2026-12-01T09:00:00.000Z');

export interface TestApi {
  app: FastifyInstance;
  logs: string[];
  /** Moves the hook's clock. */
  setNow(at: Date): void;
  call(method: string, path: string, authorization?: string): Promise<LightMyRequestResponse>;
}

/** The hook on an /api/v1 scope beside a route outside it. */
export async function testApi(store: CustomerStore): Promise<TestApi> {
  const logs: string[] = [];
  let now = START;
  const logger: FastifyBaseLogger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  const app = Fastify({ loggerInstance: logger });
  installErrorHandlers(app);
  await app.register(
    async (api) => {
      api.addHook(
        'onRequest',
        apiKeyAuth({ keys: store.apiKeys, exempt: ['/api/v1/openapi.json'], now: () => now }),
      );
      api.get('/openapi.json', async () => ({ openapi: '3.1.0' }));
      api.get('/customers', async (request) => ({ apiKey: request.apiKey }));
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        api.route({
          method,
          url: '/customers/:id',
          handler: async (request) => ({ apiKey: request.apiKey }),
        });
      }
      api.post('/imports', async (request) => ({ apiKey: request.apiKey }));
    },
    { prefix: '/api/v1' },
  );
  app.get('/outside', async (request) => ({ apiKey: request.apiKey ?? null }));
  await app.ready();
  return {
    app,
    logs,
    setNow: (at) => {
      now = at;
    },
    call: (method, path, authorization) =>
      app.inject({
        method: method as 'GET',
        url: path,
        headers: authorization === undefined ? {} : { authorization },
      }),
  };
}

/** A 401 (with WWW-Authenticate: Bearer) or a 403 in the error catalogue's shape, with this message. */
export function expectRefused(
  response: LightMyRequestResponse,
  status: 401 | 403,
  message: string | RegExp,
): void {
  assert.equal(response.statusCode, status, response.body);
  const { error } = response.json() as { error: { code: string; message: string } };
  assert.equal(error.code, status === 401 ? 'unauthorized' : 'forbidden');
  if (typeof message === 'string') assert.equal(error.message, message);
  else assert.match(error.message, message);
  if (status === 401) assert.equal(response.headers['www-authenticate'], 'Bearer');
  else assert.equal(response.headers['www-authenticate'], undefined);
}
