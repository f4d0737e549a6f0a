// The simulator's Fastify app: one static page and the small JSON API it calls. It never listens (the CLI does), so
// tests build it with their own target. The auth token stays in this process: the page gets forms, answers and
// problems, and the target's URLs.
import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import Type from 'typebox';
import { passwordMatcher } from './basic-auth.ts';
import { CallRequest } from './call-schema.ts';
import { CallRefused, proxyCall, type Target } from './proxy.ts';

export interface SimulatorOptions {
  target: Target;
  authToken: string;
  /** Required (HTTP basic, any user name) when set: the CLI sets it whenever the host is not loopback. */
  password?: string;
  /** Worker identities from the directory, from `from` on, when the target is this service's own. */
  workers?: (from: string, limit: number) => Promise<string[]>;
  logger?: boolean;
}

const PAGE_FILES: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/style.css': 'style.css',
};
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

const error = (code: string, message: string) => ({ error: { code, message } });

export async function buildSimulatorApp(options: SimulatorOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 16 * 1024 });
  const files = new Map<string, Buffer>();
  for (const [route, name] of Object.entries(PAGE_FILES))
    files.set(route, await readFile(new URL(`./page/${name}`, import.meta.url)));

  if (options.password !== undefined) {
    const matches = passwordMatcher(options.password);
    app.addHook('onRequest', async (request, reply) => {
      if (matches(request.headers.authorization)) return;
      request.log.warn('simulator: a request without the password');
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="frontline simulator", charset="UTF-8"')
        .send(error('unauthorized', 'this simulator requires its password'));
    });
  }
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    // Avatars come from anywhere the integration says; everything else from here only.
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src * data:; frame-ancestors 'none'; form-action 'none'",
    );
  });
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 500;
    request.log.warn({ err }, 'simulator: request refused');
    if (status === 500) return reply.code(500).send(error('internal', 'the simulator failed'));
    return reply.code(status).send(error(err.validation ? 'invalid_request' : 'bad_request', err.message));
  });

  for (const [route, name] of Object.entries(PAGE_FILES))
    app.get(route, (_request, reply) =>
      reply.type(TYPES[name.split('.').pop() ?? ''] ?? 'text/plain').send(files.get(route)),
    );

  app.get('/api/target', () => ({
    crmUrl: options.target.crmUrl,
    outgoingUrl: options.target.outgoingUrl ?? null,
    templatesUrl: options.target.templatesUrl ?? null,
    directory: options.workers !== undefined,
  }));

  const WorkersQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 256 })) });
  app.get<{ Querystring: { from?: string } }>(
    '/api/workers',
    { schema: { querystring: WorkersQuery } },
    async (request, reply) => {
      if (options.workers === undefined)
        return reply
          .code(404)
          .send(error('no_directory', 'the target is not this service: type an identity'));
      return { workers: await options.workers(request.query.from ?? '', 20) };
    },
  );

  app.post<{ Body: CallRequest }>('/api/call', { schema: { body: CallRequest } }, async (request, reply) => {
    try {
      return await proxyCall(options.target, options.authToken, request.body);
    } catch (err) {
      if (err instanceof CallRefused) return reply.code(400).send(error('bad_request', err.message));
      throw err;
    }
  });
  return app;
}
