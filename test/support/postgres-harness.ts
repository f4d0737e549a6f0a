// The real app on a PostgreSQL store, as app-harness.ts builds it on SQLite: signed forms through app.inject. Several
// harnesses on one database URL are several service instances behind one load balancer.
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { pageTokens } from '../../src/directory/page-token.ts';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/stores/postgres/postgres-store.ts';
import { AUTH_TOKEN, type Harness, harnessOf } from './app-harness.ts';

export async function postgresHarness(
  url: string,
  records: readonly CustomerRecord[] = [],
  options: { env?: Record<string, string>; store?: PostgresStoreOptions } = {},
): Promise<Harness> {
  const store = await openPostgresStore(url, options.store);
  let app: FastifyInstance;
  const logs: string[] = [];
  const config = loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, DATABASE_URL: url, ...options.env });
  try {
    if (records.length > 0) {
      const session = await store.beginImport({ replace: false });
      await session.upsert(records);
      await session.commit();
    }
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
    app = await buildApp(config, { store, tokens: pageTokens(AUTH_TOKEN), logger });
  } catch (error) {
    await store.close();
    throw error;
  }
  return harnessOf(app, store, config, logs);
}
