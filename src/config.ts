// Every setting the service reads, in one table: name, default, how it is parsed and checked. loadConfig() turns an
// environment into a frozen Config or throws a ConfigError naming the variable; nothing else reads process.env.
import { isIP } from 'node:net';
import { type CountryCode, getCountries } from 'libphonenumber-js';
import { type CallbackSettings, callbackSettings } from './config-callbacks.ts';
import { type ServerSettings, serverSettings } from './config-server.ts';
import { boolean, ConfigError, type Env, fail, integer, oneOf } from './config-values.ts';
import { type MetricsSettings, metricsSettings } from './metrics/metrics-config.ts';
import {
  DATABASE_DEFAULT,
  type DatabaseTarget,
  databaseTarget,
  POSTGRES_DEFAULTS,
  type PostgresSettings,
} from './stores/store-settings.ts';

export type Visibility = 'assigned' | 'all';

export interface Config {
  host: string;
  port: number;
  database: DatabaseTarget;
  twilioAuthToken: string | undefined;
  /** TWILIO_AUTH_TOKEN_SECONDARY: also accepted for signatures while the Auth Token is rotated. */
  twilioAuthTokenSecondary: string | undefined;
  verifySignature: boolean;
  publicUrl: string | undefined;
  trustProxy: boolean | string[];
  visibility: Visibility;
  defaultCountry: CountryCode | undefined;
  pageTokenSecret: string | undefined;
  maxPageSize: number;
  logLevel: string;
  /** The largest body POST /api/v1/imports reads (API_IMPORT_MAX_BYTES); past it, 413 and nothing written. */
  apiImportMaxBytes: number;
  /** Conversations webhook, outgoing conversations, templates and routing: see config-callbacks.ts. */
  callbacks: CallbackSettings;
  /** GET /metrics's own listener (METRICS_HOST, METRICS_PORT); undefined while METRICS_PORT is unset. */
  metrics: MetricsSettings | undefined;
  /** Overload, request timeouts and the drain at SIGTERM: see config-server.ts. */
  server: ServerSettings;
}

export { ConfigError };

function database(raw: string | undefined, postgres: PostgresSettings): DatabaseTarget {
  const target = databaseTarget(raw === undefined || raw === '' ? DATABASE_DEFAULT : raw, postgres);
  if (target === null) fail('DATABASE_URL', 'must be a SQLite file path or a postgres:// URL');
  return target;
}

function publicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('PUBLIC_URL', `must be an absolute URL such as https://crm.example.com (got "${raw}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('PUBLIC_URL', 'must start with https://');
  if (url.search !== '' || url.hash !== '') fail('PUBLIC_URL', 'must not have a query string or fragment');
  return url.toString().replace(/\/+$/, '');
}

// Fastify no longer honours hop counts (they cannot authenticate the peer), so: all, none, or the proxies' addresses.
function trustProxy(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  const list = raw.split(',').map((part) => part.trim());
  if (list.some((part) => isIP(part.split('/')[0] ?? '') === 0))
    fail('TRUST_PROXY', `must be true, false or a comma-separated list of IPs/CIDRs (got "${raw}")`);
  return list;
}

function country(raw: string | undefined): CountryCode | undefined {
  if (raw === undefined || raw === '') return undefined;
  const code = raw.toUpperCase();
  if (!(getCountries() as string[]).includes(code))
    fail('DEFAULT_COUNTRY', `must be an ISO 3166 two-letter country code such as US or GB (got "${raw}")`);
  return code as CountryCode;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** What a command may change about the defaults (the demo binds to loopback with signatures off). */
export interface ConfigDefaults {
  host?: string;
  verifySignature?: boolean;
  databaseUrl?: string;
}

export function loadConfig(env: Env, defaults: ConfigDefaults = {}): Readonly<Config> {
  const host = env.HOST || defaults.host || '0.0.0.0';
  const verifySignature = boolean(env, 'VERIFY_TWILIO_SIGNATURE', defaults.verifySignature ?? true);
  const twilioAuthToken = env.TWILIO_AUTH_TOKEN || undefined;
  const pageTokenSecret = env.PAGE_TOKEN_SECRET || undefined;
  if (pageTokenSecret !== undefined && pageTokenSecret.length < 32)
    fail('PAGE_TOKEN_SECRET', 'must be at least 32 characters long');
  return Object.freeze({
    host,
    port: integer(env, 'PORT', 5001, 0, 65535),
    // The PG_ settings are checked even with a SQLite file, so a typo fails now rather than at the switch.
    database: database(env.DATABASE_URL || defaults.databaseUrl, {
      poolSize: integer(env, 'PG_POOL_SIZE', POSTGRES_DEFAULTS.poolSize, 1, 1000),
      statementTimeoutMs: integer(
        env,
        'PG_STATEMENT_TIMEOUT_MS',
        POSTGRES_DEFAULTS.statementTimeoutMs,
        100,
        600_000,
      ),
      connectTimeoutMs: integer(
        env,
        'PG_CONNECT_TIMEOUT_MS',
        POSTGRES_DEFAULTS.connectTimeoutMs,
        100,
        600_000,
      ),
      maxWaiting: integer(env, 'PG_POOL_MAX_WAITING', POSTGRES_DEFAULTS.maxWaiting, 0, 100_000),
    }),
    twilioAuthToken,
    twilioAuthTokenSecondary: env.TWILIO_AUTH_TOKEN_SECONDARY || undefined,
    verifySignature,
    publicUrl: publicUrl(env.PUBLIC_URL),
    trustProxy: trustProxy(env.TRUST_PROXY),
    visibility: oneOf(env, 'CUSTOMER_VISIBILITY', ['assigned', 'all'] as const, 'assigned'),
    defaultCountry: country(env.DEFAULT_COUNTRY),
    pageTokenSecret,
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 500),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    apiImportMaxBytes: integer(env, 'API_IMPORT_MAX_BYTES', 1024 ** 3, 1, 2 ** 53 - 1),
    callbacks: callbackSettings(env),
    metrics: metricsSettings(env),
    server: serverSettings(env),
  });
}

/** What serving needs beyond a valid config; the other commands (import, export...) do without a token. */
export function assertServable(config: Readonly<Config>): void {
  if (!config.verifySignature && !isLoopback(config.host))
    fail(
      'VERIFY_TWILIO_SIGNATURE',
      `may be false only while HOST is a loopback address (HOST is "${config.host}")`,
    );
  if (config.verifySignature && config.twilioAuthToken === undefined)
    fail(
      'TWILIO_AUTH_TOKEN',
      'is required to serve: every callback is checked against it (Twilio Console > Account Info > Auth Token)',
    );
}
