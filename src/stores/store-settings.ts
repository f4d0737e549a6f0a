// Which store to open and how: a SQLite file or a PostgreSQL URL (DATABASE_URL), and PostgreSQL's pool and time
// limits, with their defaults written once. config.ts reads them from the environment; open-store.ts opens them.

/** How the PostgreSQL store uses its server: pool size and the time limits that keep callbacks inside Frontline's 6 s. */
export interface PostgresSettings {
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  /** Store calls that may wait for a connection at once; the next one is refused at once with 503 overloaded. */
  maxWaiting: number;
}

export const POSTGRES_DEFAULTS: Readonly<PostgresSettings> = {
  poolSize: 10,
  statementTimeoutMs: 2500,
  connectTimeoutMs: 2000,
  maxWaiting: 50,
};

export type DatabaseTarget =
  | { kind: 'sqlite'; path: string }
  | ({ kind: 'postgres'; url: string } & PostgresSettings);

export const DATABASE_DEFAULT = './data/frontline.db';

/** The store a DATABASE_URL names; null when it is a URL of no store this service has. */
export function databaseTarget(value: string, postgres: PostgresSettings): DatabaseTarget | null {
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value, ...postgres };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return null;
  return { kind: 'sqlite', path: value.replace(/^(sqlite|file):/, '') };
}
