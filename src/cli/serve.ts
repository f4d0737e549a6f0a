// `frontline serve`: load settings, open the store, listen, and close gracefully on SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.ts';
import type { Lifecycle } from '../callbacks/health.ts';
import { assertServable, type Config, loadConfig } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { pageTokens } from '../directory/page-token.ts';
import { drain } from '../http/drain.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';
import { callbackStatus } from './callback-status.ts';

export async function serve(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const config = loadConfig(process.env);
  assertServable(config);
  return runService(config, await openStore(config.database));
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
  const secret = config.pageTokenSecret ?? config.twilioAuthToken ?? randomBytes(32).toString('hex');
  const lifecycle: Lifecycle = { draining: false };
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp(config, { store, tokens: pageTokens(secret), logger, lifecycle });
  } catch (error) {
    // A bad TEMPLATES_FILE, for one: the message says what to fix; the store is not left open behind it.
    await store.close();
    throw error;
  }
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const baseUrl = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
  process.stderr.write(
    `Frontline integration service listening on ${baseUrl}\n` +
      `CRM Callback URL for the Frontline console: ${config.publicUrl ?? '<your public URL>'}/callbacks/crm\n` +
      callbackStatus(config, config.publicUrl ?? '<your public URL>') +
      (config.verifySignature ? '' : 'Twilio signature checks are OFF (loopback demo only).\n'),
  );
  await onListening?.(baseUrl);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const code = await drain(app, lifecycle, config.server, logger);
  await store.close();
  logger.flush();
  return code;
}
