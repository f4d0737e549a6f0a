// Which failures mean "the database cannot answer now" (down, restarting, unreachable, too slow, out of
// connections): those become the one AppError the HTTP layer answers with 503, so Frontline shows a retryable error
// and nothing of the driver leaks out. Anything else (a bug, a broken schema) stays as it is and ends as a 500.
import { AppError, storeUnavailable } from '../../errors.ts';

// SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections, disk full),
// 57 operator intervention (statement_timeout 57014, shutdown 57P01-57P03); 55P03 a lock wait timed out.
const UNAVAILABLE_SQLSTATE = /^(08|53|57)...$|^55P03$/;
// Socket-level failures reported by Node's net and dns modules.
const UNAVAILABLE_SYSCALL = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// pg and pg-pool raise these without a code.
const UNAVAILABLE_MESSAGE =
  /^(timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error)/;

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AppError) return error.code === 'store_unavailable';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SYSCALL.has(code)))
    return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/** The error a store call throws for `error`: store_unavailable (keeping the original as its cause) or itself. */
export function storeError(error: unknown): unknown {
  return error instanceof AppError || !isUnavailable(error) ? error : storeUnavailable(error);
}
