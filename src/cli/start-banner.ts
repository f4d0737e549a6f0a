// What `serve` and `demo` print once listening: the address really bound, the store and how many customers it
// holds, then where to point the Frontline console (callback-status.ts). Never a password.
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { redactUrl } from '../stores/postgres/pool.ts';
import type { DatabaseTarget } from '../stores/store-settings.ts';

/** The URL this process itself reaches the listener at: loopback when it bound every interface. */
export function localBaseUrl(address: AddressInfo): string {
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** The store as a person finds it: the SQLite file's full path, or PostgreSQL's host, port and database. */
export function describeStore(target: DatabaseTarget): string {
  if (target.kind === 'sqlite') return `SQLite ${resolve(target.path)}`;
  try {
    const url = new URL(target.url);
    return `PostgreSQL ${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname || '/'}`;
  } catch {
    return `PostgreSQL ${redactUrl(target.url)}`;
  }
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

export async function startBanner(
  config: Readonly<Config>,
  store: CustomerStore,
  address: AddressInfo,
): Promise<string> {
  const bound = `${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  const everywhere = address.address === '0.0.0.0' || address.address === '::';
  const counted = await Promise.all([store.count(), store.countWorkers()]).then(
    ([customers, workers]) => `${plural(customers, 'customer')}, ${plural(workers, 'worker')}`,
    () => 'customers not counted: the store did not answer',
  );
  return (
    `Frontline integration service listening on http://${bound}` +
    (everywhere ? ` (every interface; from this machine: curl ${localBaseUrl(address)}/healthz)` : '') +
    `\nStore: ${describeStore(config.database)}, ${counted}\n`
  );
}
