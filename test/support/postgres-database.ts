// A PostgreSQL database of its own for each test file, so files can run side by side on one server, and a schema of
// its own for each store a test opens. TEST_DATABASE_URL names the server (`npm test` starts one and sets it).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** The database, search_path left alone. */
  url: string;
  /** A URL whose connections see only a new, empty schema (and `public`, where pg_trgm lives). */
  freshSchemaUrl(): Promise<string>;
  /**
   * Runs SQL as the test's administrator, in this database, on one connection: consecutive calls share a session
   * (BEGIN in one call holds until ROLLBACK in a later one), and a new one is opened if the server restarted.
   */
  admin(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts a PostgreSQL server for them, ' +
        'or set it to a server where the tests may create databases',
    );
  }
  return url;
}

export function withDatabase(serverUrl: string, database: string, searchPath?: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (searchPath !== undefined) url.searchParams.set('options', `-c search_path=${searchPath}`);
  return url.toString();
}

export async function createTestDatabase(serverUrl = testServerUrl()): Promise<TestDatabase> {
  const name = `frontline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  try {
    await server.query(`CREATE DATABASE ${name}`);
  } finally {
    await server.end();
  }
  const url = withDatabase(serverUrl, name);
  const client = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  client.on('error', () => {});
  // As an administrator would on a managed server; the store's migration then finds it in place.
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  let schemas = 0;
  return {
    url,
    async freshSchemaUrl() {
      const schema = `store_${++schemas}`;
      await client.query(`CREATE SCHEMA ${schema}`);
      return withDatabase(serverUrl, name, `${schema},public`);
    },
    admin: (text, values) => client.query(text, values),
    async drop() {
      await client.end().catch(() => {});
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
