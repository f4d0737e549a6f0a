// The physical limit on this machine: a bare node:http server that reads and parses the same form body as the
// service, then answers one fixed, pre-serialized page. Everything the service does beyond this (signature, schema,
// store, JSON, logging) is what the ratio to this baseline measures.
// Usage: node --import tsx bench/baseline-server.ts PAGE_FILE
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const pageFile = process.argv[2];
if (pageFile === undefined) throw new Error('usage: baseline-server.ts PAGE_FILE');
const page = readFileSync(pageFile);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(page.length) };

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    // Answering depends on the parse, as in the service, so the parse is work that has to happen.
    const ok = request.method === 'POST' && form.has('Location') && form.has('Worker');
    if (ok) response.writeHead(200, headers).end(page);
    else response.writeHead(400).end();
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stderr.write(`baseline listening on http://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
