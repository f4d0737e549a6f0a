// Builds the real app on a real SQLite file with the given customers, and posts signed forms through app.inject.
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { pageTokens } from '../../src/directory/page-token.ts';
import { openSqliteStore } from '../../src/directory/sqlite/sqlite-store.ts';
import type { CustomerStore } from '../../src/directory/store.ts';
import { tempDir } from './temp-dir.ts';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef0123';
export const CRM_URL = 'http://localhost:80/callbacks/crm';

export interface Harness {
  app: FastifyInstance;
  store: CustomerStore;
  config: Readonly<Config>;
  logs: string[];
  /** POSTs a signed form to /callbacks/crm and returns the response. */
  crm(fields: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export function signature(url: string, fields: Record<string, string>, token = AUTH_TOKEN): string {
  return twilioWebhooks.getExpectedTwilioSignature(token, url, fields);
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export async function harness(
  records: readonly CustomerRecord[],
  env: Record<string, string> = {},
): Promise<Harness> {
  const store = await openSqliteStore(join(tempDir(), 'book.db'));
  const session = await store.beginImport({ replace: false });
  await session.upsert(records);
  await session.commit();
  const config = loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, ...env });
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
  const app = await buildApp(config, { store, tokens: pageTokens(AUTH_TOKEN), logger });
  return {
    app,
    store,
    config,
    logs,
    crm: (fields) =>
      app.inject({
        method: 'POST',
        url: '/callbacks/crm',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
          'x-twilio-signature': signature(CRM_URL, fields),
        },
        payload: form(fields),
      }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
