// The framework's floor: Fastify set up as the service is (its logger writing one line a request, the request-log,
// body-deadline and drain hooks, the form parser and body limit), answering the same fixed page as the baseline.
// Not a target: it shows how much of the baseline's rate the framework and the per-request plumbing leave for the
// service's own work (signature, validation, store, JSON), so that a scenario's cost can be read against it.
// Usage: node --import tsx bench/floor-server.ts PAGE_FILE
import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, LogController } from 'fastify';
import { BODY_LIMIT_BYTES } from '../src/app.ts';
import { installBodyDeadline } from '../src/http/body-deadline.ts';
import { installRequestLog } from '../src/http/request-log.ts';
import { createLogger } from '../src/logger.ts';

const pageFile = process.argv[2];
if (pageFile === undefined) throw new Error('usage: floor-server.ts PAGE_FILE');
const page = readFileSync(pageFile, 'utf8');

// As `frontline serve` in the bench: LOG_LEVEL info, stdout (the bench sends it to /dev/null).
const logger: FastifyBaseLogger = createLogger('info');
const app = Fastify({
  loggerInstance: logger,
  logController: new LogController({ disableRequestLogging: true }),
  bodyLimit: BODY_LIMIT_BYTES,
});
installRequestLog(app);
installBodyDeadline(app, 5_000, () => false);
const lifecycle = { draining: false };
app.addHook('onSend', (_request, reply, payload, done) => {
  if (lifecycle.draining) reply.header('connection', 'close');
  done(null, payload);
});
app.removeAllContentTypeParsers();
await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
app.post<{ Body: Record<string, string | undefined> }>('/callbacks/crm', (request, reply) => {
  // As in the baseline, the answer depends on the parse.
  const ok = request.body.Location !== undefined && request.body.Worker !== undefined;
  if (ok) reply.type('application/json; charset=utf-8').send(page);
  else reply.code(400).send();
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stderr.write(`floor listening on ${address}\n`);
process.once('SIGTERM', () => {
  lifecycle.draining = true;
  app.close().then(() => process.exit(0));
});
