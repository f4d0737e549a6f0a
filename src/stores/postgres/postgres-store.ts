// The PostgreSQL adapter's entry point: open a pool, migrate (under an advisory lock, so instances may start
// together), hand out the port.
import type { CustomerStore } from '../../directory/customer-store.ts';
import { AppError } from '../../errors.ts';
import type { MigrationReport } from '../migrate.ts';
import { candidateBudget, type StoreOptions, WRITE_WAIT_MS } from '../store-options.ts';
import { POSTGRES_DEFAULTS, type PostgresSettings } from '../store-settings.ts';
import { migrate } from './migrate.ts';
import { createPool, redactUrl } from './pool.ts';
import { PostgresCustomerStore } from './postgres-customer-store.ts';

export interface PostgresStoreOptions extends Partial<PostgresSettings>, StoreOptions {}

// The server's statement_timeout normally ends a slow call first, with a clean error; this margin lets it.
const CLIENT_TIMEOUT_MARGIN_MS = 250;

export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<CustomerStore> {
  const ftsCandidateLimit = candidateBudget(options);
  const settings = { ...POSTGRES_DEFAULTS, ...options };
  const pool = createPool(url, settings);
  let report: MigrationReport;
  try {
    report = await migrate(pool);
  } catch (error) {
    await pool.end();
    throw openError(url, error);
  }
  options.onMigrated?.(report);
  const callBudgetMs = settings.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS;
  const writeWaitMs = options.writeWaitMs ?? WRITE_WAIT_MS;
  return new PostgresCustomerStore(pool, { callBudgetMs, ftsCandidateLimit, writeWaitMs });
}

/** Why the store at `url` cannot be used, on one line and without the password (it ends up in logs). */
function openError(url: string, cause: unknown): Error {
  const message = describe(cause).replace(/\s+/g, ' ').trim();
  return new Error(`Cannot open the customer store at ${redactUrl(url)}: ${message}`, { cause });
}

// At open the driver's own reason says more than store_unavailable's; Node reports a refused connection to a name
// with several addresses as an AggregateError with an empty message.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AppError && error.cause !== undefined) return describe(error.cause);
  if (error.message !== '') return error.message;
  const code = (error as { code?: unknown }).code;
  if (error instanceof AggregateError && error.errors[0] instanceof Error) return describe(error.errors[0]);
  return typeof code === 'string' ? code : error.name;
}
