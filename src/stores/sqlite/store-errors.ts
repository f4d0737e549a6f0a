// Which SQLite failures mean "the store cannot answer now" (a writer holds the file past busy_timeout, the disk is
// full or failing, the file went away): those become the one AppError the HTTP layer answers with 503, so Frontline
// shows a retryable error and nothing of the driver leaks out. Anything else (a bug, a broken schema) stays as it is
// and ends as a 500.
import { AppError, storeUnavailable } from '../../errors.ts';

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL)/;

/** The error a store call throws for `error`: store_unavailable (keeping the original as its cause) or itself. */
export function storeError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof AppError || typeof code !== 'string' || !UNAVAILABLE.test(code)) return error;
  return storeUnavailable(error);
}
