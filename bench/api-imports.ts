// Records per second through POST /api/v1/imports: the book with every record changed, then the original back (so
// the book ends as it began), each streamed from its NDJSON file to `frontline serve` (a process of its own) over one
// HTTP request with a key from `frontline api-key create`, and timed from the first byte sent to the answer.
import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { type Book, runNode } from './book.ts';
import { BIN, startFrontline, storeEnv } from './server.ts';

export interface ApiImportResult {
  /** Wall seconds of the changed book's import, request to answer. */
  changedSeconds: number;
  /** The same for the original written back. */
  restoreSeconds: number;
  recordsPerSecond: number;
}

export async function measureApiImports(
  book: Book,
  changed: string,
  log: (line: string) => void,
): Promise<ApiImportResult> {
  const env = { DATABASE_URL: book.database, ...storeEnv() };
  const name = `bench-imports-${process.pid}`;
  const key = (await runNode([BIN, 'api-key', 'create', name], env, 'pipe')).stdout.trim();
  const server = await startFrontline({ database: book.database, visibility: 'assigned' });
  try {
    log(
      `POST /api/v1/imports: ${book.customers.toLocaleString('en-US')} changed customers, then the original back`,
    );
    const changedSeconds = await postImport(server.baseUrl, key, changed);
    const restoreSeconds = await postImport(server.baseUrl, key, book.ndjson);
    return {
      changedSeconds,
      restoreSeconds,
      recordsPerSecond: (2 * book.customers) / (changedSeconds + restoreSeconds),
    };
  } finally {
    await server.stop();
    await runNode([BIN, 'api-key', 'revoke', name], env, 'ignore').catch(() => {});
  }
}

async function postImport(baseUrl: string, key: string, path: string): Promise<number> {
  const started = performance.now();
  const outgoing = request(`${baseUrl}/api/v1/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    outgoing.once('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.once('error', reject);
    });
    outgoing.once('error', reject);
  });
  await pipeline(createReadStream(path), outgoing);
  const { status, body } = await answer;
  if (status !== 200) throw new Error(`POST /api/v1/imports ${path}: ${status} ${body.slice(0, 500)}`);
  return (performance.now() - started) / 1000;
}
