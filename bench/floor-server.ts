// The framework's floor: Fastify with the service's form parser and body limit, answering the same fixed page as
// the baseline. Not a target: it shows how much of the baseline's rate the framework alone leaves for the
// service's own work (signature, validation, store, JSON, logging), so a run can be read against it.
// Usage: node --import tsx bench/floor-server.ts PAGE_FILE
import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { BODY_LIMIT_BYTES } from '../src/app.ts';

const pageFile = process.argv[2];
if (pageFile === undefined) throw new Error('usage: floor-server.ts PAGE_FILE');
const page = readFileSync(pageFile, 'utf8');

const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES });
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
  app.close().then(() => process.exit(0));
});
