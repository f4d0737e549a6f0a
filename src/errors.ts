// The one error catalogue. Code that finds a problem throws an AppError with a code from this list; the HTTP error
// handler (src/http/error-handler.ts) is the only place that turns codes into statuses.
export const ERROR_CODES = {
  bad_request: 400,
  invalid_record: 400,
  invalid_page_token: 400,
  unauthorized: 401,
  signature_invalid: 403,
  forbidden: 403,
  no_proxy_address: 403,
  channel_opted_out: 403,
  customer_not_found: 404,
  not_found: 404,
  removal_limit: 409,
  customer_exists: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unknown_location: 422,
  invalid_lines: 422,
  unidentified_lines: 422,
  unsupported_media_type: 415,
  request_timeout: 408,
  header_too_large: 431,
  store_unavailable: 503,
  store_busy: 503,
  overloaded: 503,
  shutting_down: 503,
  not_configured: 503,
  conversations_api_failed: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem of a refused record: where (a JSON path, '' for the whole record) and what. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Every problem of an invalid record, for the directory API's `details`. */
  readonly details: readonly ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const customerNotFound = () => new AppError('customer_not_found', 'No such customer for this worker');
export const invalidPageToken = () =>
  new AppError(
    'invalid_page_token',
    'NextPageToken is not a token this service issued for this worker and query',
  );
/** A callback whose settings are missing: the rest of the service runs, this callback says what to set. */
export const notConfigured = (callback: string, settings: string) =>
  new AppError('not_configured', `${callback} is not configured on this service: set ${settings}`);
/** The store cannot answer now (down, busy, too slow): a 503, so that retrying later is right. */
export function storeUnavailable(cause: unknown): AppError {
  const error = new AppError('store_unavailable', 'The customer directory is unavailable; try again shortly');
  error.cause = cause;
  return error;
}

/** An import (the CLI's or POST /api/v1/imports) waited its bounded time for another import to finish. */
export function importBusy(cause?: unknown): AppError {
  const error = new AppError(
    'store_busy',
    'Another import is writing to the customer store; try again when it has finished',
  );
  error.cause = cause;
  return error;
}

/** A single write waited its bounded time for a running import to finish: a 503 with Retry-After. */
export function storeBusy(cause?: unknown): AppError {
  const error = new AppError(
    'store_busy',
    'An import is writing to the customer directory; retry this write when it has finished',
  );
  error.cause = cause;
  return error;
}

/** The process is behind (event loop, PostgreSQL pool, a request that already waited too long): retry shortly. */
export function overloaded(why: string): AppError {
  return new AppError('overloaded', `The service is overloaded (${why}); try again shortly`);
}

/** What a log line may say of a caught error: its class's name, never its message (which may quote data). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
