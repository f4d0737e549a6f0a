// `frontline api-key create|list|revoke`: the keys of the directory API (/api/v1), in the store DATABASE_URL names,
// so that every instance on that store accepts them. A new key is printed once, on stdout alone (so that
// `KEY=$(frontline api-key create crm)` captures it); the store keeps only its hash, and nothing shows it again.
import { checkApiKeyName, createApiKey } from '../api/api-keys.ts';
import { loadConfig } from '../config.ts';
import type { ApiKeyInfo } from '../directory/api-key-store.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';
import { CliError, usageError } from './cli-error.ts';

export async function apiKeyCreate(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { 'read-only': { type: 'boolean', default: false } }, true);
  const name = oneName('create', positionals);
  checkApiKeyName(name);
  const readOnly = values['read-only'];
  const created = await withStore((store) => createApiKey(store.apiKeys, { name, readOnly }));
  process.stdout.write(`${created.key}\n`);
  const kind = readOnly ? 'read-only API key' : 'API key';
  process.stderr.write(
    `created ${kind} "${name}": store it now, it will not be shown again (send it as Authorization: Bearer <key>)\n`,
  );
  return 0;
}

export async function apiKeyList(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const keys = await withStore((store) => store.apiKeys.list());
  if (keys.length === 0) {
    process.stderr.write('no API keys (create one with: frontline api-key create NAME)\n');
    return 0;
  }
  process.stdout.write(table(keys));
  return 0;
}

export async function apiKeyRevoke(argv: string[]): Promise<number> {
  const { positionals } = parse(argv, {}, true);
  const name = oneName('revoke', positionals);
  const revoked = await withStore((store) => store.apiKeys.revoke(name));
  if (!revoked) throw new CliError(`no API key is named "${name}" (see: frontline api-key list)`);
  process.stderr.write(`revoked API key "${name}": no instance accepts it any more\n`);
  return 0;
}

function oneName(command: string, positionals: string[]): string {
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw usageError(`api-key ${command} takes one NAME`);
  return name;
}

async function withStore<T>(work: (store: CustomerStore) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig(process.env).database);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const HEADINGS = ['NAME', 'CREATED', 'LAST USED', 'READ-ONLY'];

/** One line per key, columns padded to their widest cell; times in UTC to the second. */
function table(keys: readonly ApiKeyInfo[]): string {
  const time = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;
  const rows = keys.map((key) => [
    key.name,
    time(key.createdAt),
    key.lastUsedAt === null ? 'never' : time(key.lastUsedAt),
    key.readOnly ? 'yes' : 'no',
  ]);
  const widths = HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [HEADINGS, ...rows].map((cells) => `${line(cells)}\n`).join('');
}
