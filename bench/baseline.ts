// The baseline: baseline-server.ts in its own process, answering a first page built like the service's (30 demo
// customers, a sealed next_page_token), so that both send responses of the same size. The framework floor
// (floor-server.ts) answers the same page through Fastify, as a reference row.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CustomerSummary } from '../src/directory/customer.ts';
import { pageTokens } from '../src/directory/page-token.ts';
import { fold } from '../src/directory/text-key.ts';
import { demoRecords } from '../src/import/demo-data.ts';
import { type ServerProcess, startServerProcess } from './child.ts';
import type { Unit } from './interleave.ts';
import { type Fields, sign } from './requests.ts';
import { BENCH_AUTH_TOKEN } from './server.ts';

const SERVERS = {
  baseline: fileURLToPath(new URL('./baseline-server.ts', import.meta.url)),
  floor: fileURLToPath(new URL('./floor-server.ts', import.meta.url)),
} as const;
export type Reference = keyof typeof SERVERS;
export const REFERENCE_LABELS: Record<Reference, string> = {
  baseline: 'baseline node:http',
  floor: 'fastify floor (reference)',
};
const PAGE_SIZE = 30;

/** The JSON of a 30-customer first page, as `frontline serve` would write it. */
export function baselinePage(seed: number): string {
  const customers: CustomerSummary[] = [...demoRecords({ customers: PAGE_SIZE, workers: 1, seed })]
    .map(({ customer_id, display_name, avatar }) =>
      avatar === undefined ? { customer_id, display_name } : { customer_id, display_name, avatar },
    )
    .sort((a, b) => (fold(a.display_name) < fold(b.display_name) ? -1 : 1));
  const last = customers.at(-1);
  // Only the token's length matters here; its binding is any string.
  const token =
    last === undefined
      ? undefined
      : pageTokens(BENCH_AUTH_TOKEN).seal(
          { tier: 0, name: fold(last.display_name), customerId: last.customer_id },
          'assigned\u0000rep00001@example.com\u0000',
        );
  return JSON.stringify({ objects: { customers, searchable: true, next_page_token: token } });
}

/** Writes the page both reference servers answer with, once; returns its path. */
export function writeReferencePage(dir: string, page: string): string {
  const file = join(dir, 'baseline-page.json');
  writeFileSync(file, page);
  return file;
}

/** The bare server or the framework floor, in its own process, answering the page in `pageFile` to every request. */
export function startReference(reference: Reference, pageFile: string): Promise<ServerProcess> {
  return startServerProcess(['--import', 'tsx', SERVERS[reference], pageFile], {
    PATH: process.env.PATH ?? '',
  });
}

/** The baseline's requests: list callbacks like the first-page scenario's, for workers named like demo-data's. */
function baselineFields(count: number): Fields[] {
  return Array.from({ length: count }, (_, index) => ({
    Location: 'GetCustomersList',
    Worker: `rep${String(index + 1).padStart(5, '0')}@example.com`,
    PageSize: '30',
  }));
}

/** A reference server as one more unit of the interleaved rounds, with `poolSize` distinct requests. */
export function referenceUnit(reference: Reference, server: ServerProcess, poolSize: number): Unit {
  const url = `${server.baseUrl}/callbacks/crm`;
  const pool = baselineFields(poolSize).map((fields) => sign(url, BENCH_AUTH_TOKEN, fields));
  return { label: REFERENCE_LABELS[reference], url, pool, server, slices: [] };
}
