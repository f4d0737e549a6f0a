// The stores the store-independent tests run on: the store contract, the CRM HTTP tests and the serve smoke test
// loop over STORES, `for (const store of STORES) describe(`… (${store.name})`, …)`. TEST_STORES narrows the list
// (`sqlite`, `postgres` or `sqlite,postgres`; both when unset), as kysely's tests narrow their dialects; an unknown
// name stops the test file. Tests of one store's own behaviour use SQLITE or POSTGRES directly, whatever TEST_STORES.
//
// Each store opened here is new and empty: SQLite a file of its own in this test file's temp folder, PostgreSQL a
// schema of its own in this test file's database (test/support/postgres-database.ts, created on first use, so that a
// file that never opens a PostgreSQL store needs no server). After the file's tests, every store opened here that is
// still open is closed, the database (with every schema in it) is dropped and the temp folder removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { openPostgresStore } from '../../src/stores/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/stores/sqlite/sqlite-store.ts';
import { createTestDatabase, type TestDatabase } from './postgres-database.ts';

export type StoreName = 'sqlite' | 'postgres';

export interface OpenOptions {
  /** The DATABASE_URL of the store to open; a new, empty store without it. Opening one URL twice shares a book. */
  url?: string;
  /** Tier-1 search pages from at most this many trigram candidates, else by walking the name order (0 forces it). */
  ftsCandidateLimit?: number;
  /** How long a single-record write waits for a running import (the store's default without it). */
  writeWaitMs?: number;
}

export interface TestStore {
  readonly name: StoreName;
  /** The DATABASE_URL of a new, empty store, for `frontline` in a child process or for open({ url }). */
  freshUrl(): Promise<string>;
  /** Opens a store in this process (migrated, as the service opens it). */
  open(options?: OpenOptions): Promise<CustomerStore>;
}

const opened: CustomerStore[] = [];
let dir: string | undefined;
let files = 0;
let database: Promise<TestDatabase> | undefined;

async function track(store: Promise<CustomerStore>): Promise<CustomerStore> {
  const open = await store;
  opened.push(open);
  return open;
}

after(async () => {
  // Both stores' close() is a no-op the second time: the stores the tests closed are simply passed over.
  for (const store of opened.splice(0)) await store.close();
  const pending = database;
  database = undefined;
  if (pending !== undefined) await (await pending).drop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function freshSqlitePath(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'frontline-stores-'));
  return join(dir, `store-${++files}.db`);
}

async function freshSchemaUrl(): Promise<string> {
  database ??= createTestDatabase();
  return (await database).freshSchemaUrl();
}

const limits = ({ ftsCandidateLimit, writeWaitMs }: OpenOptions) => ({
  ...(ftsCandidateLimit === undefined ? {} : { ftsCandidateLimit }),
  ...(writeWaitMs === undefined ? {} : { writeWaitMs }),
});

export const SQLITE: TestStore = {
  name: 'sqlite',
  freshUrl: async () => freshSqlitePath(),
  open: async (options = {}) => track(openSqliteStore(options.url ?? freshSqlitePath(), limits(options))),
};

export const POSTGRES: TestStore = {
  name: 'postgres',
  freshUrl: freshSchemaUrl,
  open: async (options = {}) =>
    track(openPostgresStore(options.url ?? (await freshSchemaUrl()), limits(options))),
};

const ALL: readonly TestStore[] = [SQLITE, POSTGRES];

/** The stores a TEST_STORES value names (comma-separated), in STORES' order; all of them when it is unset or empty. */
export function storesNamed(value: string | undefined): readonly TestStore[] {
  if (value === undefined || value.trim() === '') return ALL;
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const known: readonly string[] = ALL.map((store) => store.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `TEST_STORES="${value}" names ${unknown.length > 0 ? `an unknown store: ${unknown.join(', ')}` : 'no store'}; ` +
        `give ${known.join(', ')} or both, comma-separated (or leave it unset for both)`,
    );
  }
  return ALL.filter((store) => names.includes(store.name));
}

export const STORES: readonly TestStore[] = storesNamed(process.env.TEST_STORES);
