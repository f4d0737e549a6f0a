// `frontline serve`: load settings, open the store, listen, and close gracefully on SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { buildApp } from '../app.ts';
import type { Lifecycle } from '../callbacks/health.ts';
import { assertServable, type Config, loadConfig } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { pageTokens } from '../directory/page-token.ts';
import { drain } from '../http/drain.ts';
import { createLogger } from '../logger.ts';
import { serviceMetrics } from '../metrics/service-metrics.ts';
import { openStore } from '../stores/open-store.ts';
import type { DatabaseTarget } from '../stores/store-settings.ts';
import { authTokens, authTokenWarnings } from '../twilio/auth-tokens.ts';
import { parse } from './args.ts';
import { callbackStatus } from './callback-status.ts';
import { CliError } from './cli-error.ts';
import { localBaseUrl, startBanner } from './start-banner.ts';

export async function serve(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const config = loadConfig(process.env);
  assertServable(config);
  assertStoreExists(config.database);
  return runService(config, await openStore(config.database));
}

/**
 * `serve` never creates a SQLite file: run from the wrong folder, a relative path would name a new, empty book and
 * every rep would see no customer. import, migrate and demo create it.
 */
function assertStoreExists(target: DatabaseTarget): void {
  if (target.kind !== 'sqlite' || existsSync(target.path)) return;
  throw new CliError(
    `DATABASE_URL names a SQLite file that does not exist: ${resolve(target.path)} (current folder ${process.cwd()}); ` +
      'create it with frontline import or frontline migrate, or set DATABASE_URL to the existing file',
  );
}

/** Serves until a signal; `onListening` gets the base URL (the demo prints its curl commands there). */
export async function runService(
  config: Readonly<Config>,
  store: CustomerStore,
  onListening?: (baseUrl: string) => Promise<void>,
): Promise<number> {
  const logger = createLogger(config.logLevel);
  // Instances behind one load balancer share TWILIO_AUTH_TOKEN, so a secret derived from it lets any of them
  // continue another's page; a random one (demo without a token) lasts as long as the process.
  // While the Auth Token is rotated, tokens sealed with the other one still open (docs/operations.md).
  const secret = config.pageTokenSecret ?? config.twilioAuthToken ?? randomBytes(32).toString('hex');
  for (const warning of authTokenWarnings(config)) logger.warn(warning);
  const alsoOpen = config.pageTokenSecret === undefined ? authTokens(config) : [];
  const metrics = serviceMetrics(config, store);
  const lifecycle: Lifecycle = { draining: false };
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    const deps = { store, tokens: pageTokens(secret, alsoOpen), logger, lifecycle };
    app = await buildApp(
      config,
      metrics.metrics === undefined ? deps : { ...deps, metrics: metrics.metrics },
    );
  } catch (error) {
    // A bad TEMPLATES_FILE, for one: the message says what to fix; the store is not left open behind it.
    await store.close();
    throw error;
  }
  // Listened for before the socket opens: a SIGTERM right after the banner drains like any other.
  const stopped = new Promise<void>((done) => {
    let draining = false;
    // A second signal changes nothing: SHUTDOWN_TIMEOUT_MS bounds the drain the first one started.
    const stop = (signal: string) => {
      if (draining) return logger.warn({ signal }, 'already draining');
      draining = true;
      logger.info({ signal }, 'shutting down');
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address() as AddressInfo;
  const baseUrl = localBaseUrl(address);
  process.stderr.write(
    (await startBanner(config, store, address)) +
      `CRM Callback URL for the Frontline console: ${config.publicUrl ?? '<your public URL>'}/callbacks/crm\n` +
      callbackStatus(config, config.publicUrl ?? '<your public URL>') +
      (config.verifySignature ? '' : 'Twilio signature checks are OFF (loopback demo only).\n'),
  );
  const metricsUrl = await metrics.listen();
  if (metricsUrl !== undefined) process.stderr.write(`Metrics for Prometheus: ${metricsUrl}\n`);
  await onListening?.(baseUrl);

  await stopped;
  const code = await drain(app, lifecycle, config.server, logger);
  await metrics.close();
  await store.close();
  logger.flush();
  return code;
}
