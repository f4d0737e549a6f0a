// Every setting the service reads, in one table: name, default, how it is parsed and checked. loadConfig() turns an
// environment into a frozen Config or throws a ConfigError naming the variable; nothing else reads process.env.
import { isIP } from 'node:net';
import { type CountryCode, getCountries } from 'libphonenumber-js';
import { type CallbackSettings, callbackSettings } from './config-callbacks.ts';
import { ConfigError, fail } from './config-error.ts';

export type Visibility = 'assigned' | 'all';
/** How the PostgreSQL store uses its server: pool size and the time limits that keep callbacks inside Frontline's 6 s. */
export interface PostgresSettings {
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}
export type DatabaseTarget =
  | { kind: 'sqlite'; path: string }
  | ({ kind: 'postgres'; url: string } & PostgresSettings);

export interface Config {
  host: string;
  port: number;
  database: DatabaseTarget;
  twilioAuthToken: string | undefined;
  verifySignature: boolean;
  publicUrl: string | undefined;
  trustProxy: boolean | string[];
  visibility: Visibility;
  defaultCountry: CountryCode | undefined;
  pageTokenSecret: string | undefined;
  maxPageSize: number;
  logLevel: string;
  /** Conversations webhook, outgoing conversations, templates and routing: see config-callbacks.ts. */
  callbacks: CallbackSettings;
}

export { ConfigError };

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    fail(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    fail(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  return fail(name, `must be true or false (got "${env[name]}")`);
}

function database(raw: string | undefined, postgres: PostgresSettings): DatabaseTarget {
  const value = raw === undefined || raw === '' ? './data/frontline.db' : raw;
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value, ...postgres };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    fail('DATABASE_URL', 'must be a SQLite file path or a postgres:// URL');
  return { kind: 'sqlite', path: value.replace(/^(sqlite|file):/, '') };
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
      poolSize: integer(env, 'PG_POOL_SIZE', 10, 1, 1000),
      statementTimeoutMs: integer(env, 'PG_STATEMENT_TIMEOUT_MS', 2500, 100, 600_000),
      connectTimeoutMs: integer(env, 'PG_CONNECT_TIMEOUT_MS', 2000, 100, 600_000),
    }),
    twilioAuthToken,
    verifySignature,
    publicUrl: publicUrl(env.PUBLIC_URL),
    trustProxy: trustProxy(env.TRUST_PROXY),
    visibility: oneOf(env, 'CUSTOMER_VISIBILITY', ['assigned', 'all'] as const, 'assigned'),
    defaultCountry: country(env.DEFAULT_COUNTRY),
    pageTokenSecret,
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 500),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    callbacks: callbackSettings(env),
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
