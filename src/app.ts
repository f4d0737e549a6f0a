// buildApp(): the Fastify instance with every route, hook and option; it never listens, so tests drive it with
// app.inject() and `frontline serve` adds the socket. The request path reads top to bottom:
// parse form → verify signature → validate form → dispatch on Location → directory → store → JSON.
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { API_PREFIX, apiRoutes } from './api/api-routes.ts';
import { conversationsRoutes } from './callbacks/conversations.ts';
import { crmRoutes } from './callbacks/crm.ts';
import { healthRoutes, type Lifecycle } from './callbacks/health.ts';
import { outgoingRoutes } from './callbacks/outgoing.ts';
import { routingRoutes } from './callbacks/routing.ts';
import { templatesRoutes } from './callbacks/templates.ts';
import { DEFAULT_TIMING, type Timing } from './callbacks/timing.ts';
import type { Config } from './config.ts';
import type { CustomerStore } from './directory/customer-store.ts';
import { createDirectory } from './directory/directory.ts';
import type { PageTokens } from './directory/page-token.ts';
import { installBodyDeadline } from './http/body-deadline.ts';
import { clientErrorHandler, frameworkErrors } from './http/client-errors.ts';
import { episodesFor, installErrorHandlers } from './http/error-handler.ts';
import { installOverload } from './http/overload.ts';
import { installRequestLog } from './http/request-log.ts';
import { watchStore } from './http/store-watch.ts';
import type { Metrics } from './metrics/metrics.ts';
import { installMetrics } from './metrics/metrics-hooks.ts';
import { availability } from './routing/availability.ts';
import { watchIdentities } from './routing/identity-watch.ts';
import { poolOrder } from './routing/pool-order.ts';
import { routingPolicy } from './routing/routing-policy.ts';
import { loadTemplates } from './templates/template-file.ts';
import { authTokens } from './twilio/auth-tokens.ts';
import { type ConversationsApi, createConversationsApi } from './twilio/conversations.ts';
import { createFrontlineUsers, type FrontlineUsersApi } from './twilio/frontline-users.ts';
import { verifySignature } from './twilio/verify-signature.ts';
import { serviceVersion } from './version.ts';

/** Frontline's bodies are a few hundred bytes; anything near this is not Frontline. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  store: CustomerStore;
  tokens: PageTokens;
  logger: FastifyBaseLogger;
  /** The Conversations API; built from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN when not given (tests give one). */
  conversations?: ConversationsApi;
  /** The Frontline API's Users, for routing by availability; built like `conversations` when not given. */
  frontlineUsers?: FrontlineUsersApi;
  /** Time budgets of the Conversations webhook and routing; tests shorten them. */
  timing?: Partial<Timing>;
  /** Counted when given (METRICS_PORT set); `frontline serve` exposes them on their own listener. */
  metrics?: Metrics;
  /** Set to draining by `serve` at SIGTERM: /healthz then answers 503 and every answer closes its connection. */
  lifecycle?: Lifecycle;
}

/** The Conversations API client, or undefined (the callbacks that need it then answer 503 not_configured). */
async function conversationsApi(config: Readonly<Config>): Promise<ConversationsApi | undefined> {
  const { accountSid } = config.callbacks;
  const authToken = config.twilioAuthToken;
  if (accountSid === undefined || authToken === undefined) return undefined;
  return createConversationsApi({ accountSid, authToken });
}

async function frontlineUsersApi(config: Readonly<Config>): Promise<FrontlineUsersApi | undefined> {
  const { accountSid } = config.callbacks;
  const authToken = config.twilioAuthToken;
  if (accountSid === undefined || authToken === undefined) return undefined;
  return createFrontlineUsers({ accountSid, authToken });
}

export async function buildApp(config: Readonly<Config>, deps: AppDeps): Promise<FastifyInstance> {
  // Read before anything else: a bad templates file stops the start with its own message.
  const { templatesFile, proxy, routingFallback, routing } = config.callbacks;
  const templates = templatesFile === undefined ? undefined : await loadTemplates(templatesFile);
  const conversations = deps.conversations ?? (await conversationsApi(config));
  const users = routing.availability ? (deps.frontlineUsers ?? (await frontlineUsersApi(config))) : undefined;
  const timing: Timing = { ...DEFAULT_TIMING, ...deps.timing };
  const { server } = config;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Our own onResponse hook writes the one line per request (src/http/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // A directory API path holds a customer_id of up to 256 characters, percent-encoded; the schema checks its length.
    routerOptions: { maxParamLength: 2048 },
    // A request that reaches a connection still open after the listener closed is answered, not refused.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Under Frontline's 6 s: a client that has not sent its whole request by then (a body shorter than its
    // Content-Length, a stalled upload) gets 408 and its connection is closed. The checks run every 500 ms (Node's
    // default is 30 s, which would hold such a connection open that long). No socket inactivity timeout
    // (connectionTimeout): a routing callback may legitimately work for 8.5 s without a byte on its socket.
    // Node's requestTimeout would cut a long streamed import too: off here, the body deadline is per route
    // (src/http/body-deadline.ts) and headersTimeout still bounds the headers.
    requestTimeout: 0,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    http: { headersTimeout: server.requestTimeoutMs, connectionsCheckingInterval: 500 },
    frameworkErrors,
    clientErrorHandler,
  });
  const episodes = episodesFor(deps.logger);
  const store = watchStore(deps.store, episodes.outage);
  installErrorHandlers(app, episodes);
  installRequestLog(app);
  installBodyDeadline(app, server.requestTimeoutMs, (url) => url === `${API_PREFIX}/imports`);
  installMetrics(app, deps.metrics);
  await installOverload(app, server, episodes.shed);

  // Frontline posts forms only: without the default JSON parser, any other content type is a 415.
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });

  const directory = createDirectory({
    store,
    tokens: deps.tokens,
    visibility: config.visibility,
    maxPageSize: config.maxPageSize,
    defaultCountry: config.defaultCountry,
  });

  const lifecycle = deps.lifecycle ?? { draining: false };
  healthRoutes(app, { directory, lifecycle, outage: episodes.outage });
  // While draining, every answer tells its client to reconnect (to another instance): busy keep-alive connections
  // close after their answer instead of being cut.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  await apiRoutes(app, {
    store,
    defaultCountry: config.defaultCountry,
    importMaxBytes: config.apiImportMaxBytes,
    version: serviceVersion(),
  });
  await app.register(async (callbacks) => {
    if (config.verifySignature) {
      if (config.twilioAuthToken === undefined) throw new Error('TWILIO_AUTH_TOKEN is required');
      callbacks.addHook(
        'preValidation',
        verifySignature({
          authTokens: authTokens(config),
          publicUrl: config.publicUrl,
          trustProxy: config.trustProxy,
        }),
      );
    }
    // Only a signed callback tells how Frontline spells a worker: unsigned ones could say anything.
    if (config.verifySignature) watchIdentities(callbacks, store.routingState, deps.logger);
    const create = config.callbacks.creation.crmAllowCreate
      ? { create: { store, defaultCountry: config.defaultCountry } }
      : {};
    crmRoutes(callbacks, { directory, visibility: config.visibility, ...create });
    const { defaultCountry } = config;
    const { optOutKeywords } = config.callbacks;
    conversationsRoutes(callbacks, { directory, conversations, timing, defaultCountry, optOutKeywords });
    outgoingRoutes(callbacks, { directory, proxy, defaultCountry });
    templatesRoutes(callbacks, {
      directory,
      templates,
      conversations,
      lookupTimeoutMs: timing.lookupTimeoutMs,
      defaultCountry,
    });
    const state = store.routingState;
    const { pool, windowHours } = routing;
    const policy = routingPolicy({
      pool: poolOrder({ fallback: routingFallback, pool, windowHours, state }),
      state,
      availability:
        users === undefined
          ? undefined
          : availability({
              users,
              ttlMs: routing.availabilityTtlMs,
              timeoutMs: timing.availabilityTimeoutMs,
              logger: deps.logger,
            }),
    });
    const strangers =
      config.callbacks.creation.unknownCustomers === 'create'
        ? { store, defaultCountry, timeoutMs: timing.lookupTimeoutMs }
        : undefined;
    const routingDeps = {
      directory,
      conversations,
      policy,
      state,
      windowHours,
      timing,
      defaultCountry,
      ...(strangers === undefined ? {} : { strangers }),
    };
    routingRoutes(callbacks, routingDeps);
  });
  return app;
}
