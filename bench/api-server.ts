// The service as `frontline serve` builds it, with one directory API key: what the bench streams
// POST /api/v1/imports to. Until `frontline api-key create` lands, the key is the BENCH_API_KEY of the environment,
// checked by the smallest bearer check (the bench's own, never the service's); it then becomes a created key.
// Announces "listening on http://HOST:PORT" on stderr, as child.ts waits for.
import type { onRequestHookHandler } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { pageTokens } from '../src/directory/page-token.ts';
import { AppError } from '../src/errors.ts';
import { openStore } from '../src/stores/open-store.ts';

const key = process.env.BENCH_API_KEY;
if (key === undefined || key.length < 32) throw new Error('BENCH_API_KEY (32+ characters) is required');
const authenticate: onRequestHookHandler = (request, _reply, done) => {
  if (request.headers.authorization !== `Bearer ${key}`)
    return done(new AppError('unauthorized', 'unknown key'));
  request.apiKey = { name: 'bench', readOnly: false };
  done();
};

const config = loadConfig(process.env);
const store = await openStore(config.database);
const app = await buildApp(config, {
  store,
  tokens: pageTokens(key),
  logger: pino({ level: config.logLevel }, pino.destination('/dev/null')),
  apiAuthenticate: authenticate,
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stderr.write(`bench API server listening on ${address}\n`);
process.once('SIGTERM', async () => {
  await app.close();
  await store.close();
});
