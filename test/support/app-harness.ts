// Builds the real app on a real store with the given customers, and posts signed forms through app.inject. The store
// is a new, empty SQLite file unless options.store names another of test/support/stores.ts (the CRM HTTP tests loop
// over STORES); options.url opens an existing store instead, so that several harnesses on one PostgreSQL URL are
// several service instances behind one load balancer. Options also give it a Conversations API and the Frontline
// API's Users (the real twilio client against test/support/fake-twilio.ts) and shorter time budgets.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { createApiKey } from '../../src/api/api-keys.ts';
import { buildApp } from '../../src/app.ts';
import type { Timing } from '../../src/callbacks/timing.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { pageTokens } from '../../src/directory/page-token.ts';
import type { Metrics } from '../../src/metrics/metrics.ts';
import type { FakeTwilio } from './fake-twilio.ts';
import { SQLITE, type TestStore } from './stores.ts';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef0123';
export const CRM_URL = 'http://localhost:80/callbacks/crm';
/** The URL Twilio would have signed for a path of the app under app.inject. */
export const signedUrlOf = (path: string) => `http://localhost:80${path}`;

export interface HarnessOptions {
  /** The Conversations API is this fake's; without it, none unless env has TWILIO_ACCOUNT_SID. */
  twilio?: FakeTwilio;
  timing?: Partial<Timing>;
  /** The store the app runs on, one of test/support/stores.ts; SQLite when not given. */
  store?: TestStore;
  /** That store's DATABASE_URL to open, rather than a new, empty store; `records` are imported into it. */
  url?: string;
  /** Directory API keys to create in the store (`frontline api-key create`), by name; Harness.keys has them. */
  apiKeys?: Record<string, { readOnly: boolean }>;
  /** How long the store's single-record writes wait for a running import (its default without it). */
  writeWaitMs?: number;
  /** Metrics the app counts into (src/metrics/metrics.ts); none when not given, as with METRICS_PORT unset. */
  metrics?: Metrics;
}

export interface Harness {
  app: FastifyInstance;
  store: CustomerStore;
  config: Readonly<Config>;
  logs: string[];
  /** The directory API keys options.apiKeys asked for, by name: the bearer token of each. */
  keys: Record<string, string>;
  /** POSTs a signed form to /callbacks/crm and returns the response. */
  crm(fields: Record<string, string>): Promise<LightMyRequestResponse>;
  /** POSTs a signed form to any path. */
  post(path: string, fields: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The log lines, parsed. */
  logEntries(): Record<string, unknown>[];
  close(): Promise<void>;
}

export function signature(url: string, fields: Record<string, string>, token = AUTH_TOKEN): string {
  return twilioWebhooks.getExpectedTwilioSignature(token, url, fields);
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export async function harness(
  records: readonly CustomerRecord[] = [],
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const kind = options.store ?? SQLITE;
  const url = options.url ?? (await kind.freshUrl());
  // The overload checks that watch this thread are off unless a test sets them (test/http/overload.test.ts): a test
  // imports its books on the same thread between requests, and a busy CI machine makes every timer late.
  const config = loadConfig({
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    DATABASE_URL: url,
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_QUEUE_WAIT_MS: '0',
    ...env,
  });
  const store = await kind.open(
    options.writeWaitMs === undefined ? { url } : { url, writeWaitMs: options.writeWaitMs },
  );
  const logs: string[] = [];
  const keys: Record<string, string> = {};
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
  let app: FastifyInstance;
  try {
    for (const [name, { readOnly }] of Object.entries(options.apiKeys ?? {}))
      keys[name] = (await createApiKey(store.apiKeys, { name, readOnly })).key;
    if (records.length > 0) {
      const session = await store.beginImport();
      await session.upsert(records);
      await session.commit();
    }
    const conversations = options.twilio === undefined ? undefined : await options.twilio.api();
    const frontlineUsers = options.twilio === undefined ? undefined : await options.twilio.frontlineUsers();
    app = await buildApp(config, {
      store,
      tokens: pageTokens(AUTH_TOKEN),
      logger,
      ...(conversations === undefined ? {} : { conversations }),
      ...(frontlineUsers === undefined ? {} : { frontlineUsers }),
      ...(options.timing === undefined ? {} : { timing: options.timing }),
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    });
    // Compiled now rather than on the first request, so that tests timing a request time only the request.
    await app.ready();
  } catch (error) {
    await store.close();
    throw error;
  }
  return harnessOf(app, store, config, logs, keys);
}

/** The Harness around a built app. */
function harnessOf(
  app: FastifyInstance,
  store: CustomerStore,
  config: Readonly<Config>,
  logs: string[],
  keys: Record<string, string>,
): Harness {
  const post = (path: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'x-twilio-signature': signature(signedUrlOf(path), fields),
      },
      payload: form(fields),
    });
  return {
    app,
    store,
    config,
    logs,
    keys,
    crm: (fields) => post('/callbacks/crm', fields),
    post,
    logEntries: () => logs.map((line) => JSON.parse(line) as Record<string, unknown>),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
