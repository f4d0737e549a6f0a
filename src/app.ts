// buildApp(): the Fastify instance with every route, hook and option; it never listens, so tests drive it with
// app.inject() and `frontline serve` adds the socket. The request path reads top to bottom:
// parse form → verify signature → validate form → dispatch on Location → directory → store → JSON.
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { crmRoutes } from './callbacks/crm.ts';
import { healthRoutes } from './callbacks/health.ts';
import type { Config } from './config.ts';
import { createDirectory } from './directory/directory.ts';
import type { PageTokens } from './directory/page-token.ts';
import type { CustomerStore } from './directory/store.ts';
import { installErrorHandlers } from './http/error-handler.ts';
import { installRequestLog } from './http/request-log.ts';
import { verifySignature } from './twilio/verify-signature.ts';

/** Frontline's bodies are a few hundred bytes; anything near this is not Frontline. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  store: CustomerStore;
  tokens: PageTokens;
  logger: FastifyBaseLogger;
}

export async function buildApp(config: Readonly<Config>, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Our own onResponse hook writes the one line per request (src/http/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  installErrorHandlers(app);
  installRequestLog(app);

  // Frontline posts forms only: without the default JSON parser, any other content type is a 415.
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });

  const directory = createDirectory({
    store: deps.store,
    tokens: deps.tokens,
    visibility: config.visibility,
    maxPageSize: config.maxPageSize,
  });

  healthRoutes(app, { store: deps.store });
  await app.register(async (callbacks) => {
    if (config.verifySignature) {
      if (config.twilioAuthToken === undefined) throw new Error('TWILIO_AUTH_TOKEN is required');
      callbacks.addHook(
        'preValidation',
        verifySignature({ authToken: config.twilioAuthToken, publicUrl: config.publicUrl }),
      );
    }
    crmRoutes(callbacks, { directory });
  });
  return app;
}
