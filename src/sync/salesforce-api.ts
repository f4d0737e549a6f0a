// What the sync asks of Salesforce, through jsforce (pinned to 3.10.16: from 3.10.19 on it loads undici 8, which
// crashes on Node 20 at import; see package.json and docs/crm-sync.md). A SOQL query and its queryMore pages, and
// getDeleted. The faults are handled here rather than by jsforce's own retry (which ignores Retry-After): its retry
// is turned off in the transport, which also keeps each response's status and Retry-After for #call to read. A 429,
// a 503 or REQUEST_LIMIT_EXCEEDED waits (Retry-After when given), a 5xx or a lost connection is retried with a
// doubling backoff, both bounded; INVALID_SESSION_ID renews the token once (JWT flow) or is one line saying the
// token expired; a missing permission or field is one line naming what to fix.
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from 'jsforce';
import { Transport } from 'jsforce/lib/transport.js';
import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce/lib/types/common.js';
import { CliError } from '../cli/cli-error.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './hubspot-api.ts';
import { JWT_GRANT, jwtAssertion, jwtRefused } from './salesforce-auth.ts';
import type { SalesforceSettings } from './sync-config.ts';

export const API_VERSION = '62.0';

export interface SalesforceRecord {
  Id: string;
  SystemModstamp: string;
  [field: string]: unknown;
}

export interface QueryPage {
  records: SalesforceRecord[];
  /** The nextRecordsUrl's locator, null on the last page. */
  next: string | null;
  /** totalSize: how many records the whole query matches, when Salesforce says. */
  total: number | null;
}

export interface DeletedWindow {
  ids: string[];
  earliestDateAvailable: string | null;
  latestDateCovered: string | null;
}

/** A jsforce transport without jsforce's own retry, that remembers the last response's status and Retry-After. */
class CallTransport extends Transport {
  last: { status: number; retryAfter: string | undefined } | null = null;
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    super();
    this.#timeoutMs = timeoutMs;
  }

  override httpRequest(request: HttpRequest, options: HttpRequestOptions = {}) {
    this.last = null;
    const answer = super.httpRequest(request, {
      ...options,
      retry: { maxRetries: 0 },
      timeout: this.#timeoutMs,
    });
    answer.then(
      (response: HttpResponse) => {
        this.last = { status: response.statusCode, retryAfter: response.headers['retry-after'] };
      },
      () => undefined,
    );
    return answer;
  }
}

interface ApiError {
  name?: unknown;
  errorCode?: unknown;
  message?: unknown;
}

export interface SalesforceApiOptions {
  retry?: RetryPolicy;
  /** A request that has not answered after this long is dropped and tried again (the fake can stall). */
  timeoutMs?: number;
}

export class SalesforceApi {
  readonly #settings: SalesforceSettings;
  readonly #retry: RetryPolicy;
  readonly #transport: CallTransport;
  readonly #conn: Connection;
  #signedIn = false;

  constructor(settings: SalesforceSettings, options: SalesforceApiOptions = {}) {
    this.#settings = settings;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#transport = new CallTransport(options.timeoutMs ?? 120_000);
    this.#conn =
      settings.kind === 'token'
        ? new Connection({
            instanceUrl: settings.instanceUrl,
            accessToken: settings.accessToken,
            version: API_VERSION,
          })
        : new Connection({ loginUrl: settings.loginUrl, version: API_VERSION });
    this.#conn._transport = this.#transport;
    this.#conn.oauth2._transport = this.#transport;
  }

  /** The org's instance URL (known after the first call in the JWT flow). */
  get instanceUrl(): string {
    return this.#conn.instanceUrl.replace(/\/+$/, '');
  }

  /** Signs in (JWT flow) unless already signed in; an access token needs nothing. */
  async connect(): Promise<void> {
    if (this.#signedIn || this.#settings.kind === 'token') return;
    await this.#signIn();
  }

  async query(soql: string, batchSize: number): Promise<QueryPage> {
    const headers = { 'Sforce-Query-Options': `batchSize=${batchSize}` };
    return this.#page(
      await this.#call(async () => await this.#conn.query<SalesforceRecord>(soql, { headers })),
    );
  }

  async queryMore(locator: string): Promise<QueryPage> {
    return this.#page(await this.#call(async () => await this.#conn.queryMore<SalesforceRecord>(locator)));
  }

  /** Ids deleted in [start, end] (getDeleted). INVALID_REPLICATION_DATE is left to the caller, as is. */
  async deleted(object: string, start: Date, end: Date): Promise<DeletedWindow> {
    const result = await this.#call(() => this.#conn.sobject(object).deleted(start, end));
    return {
      ids: (result.deletedRecords ?? []).map((record) => record.id),
      earliestDateAvailable: result.earliestDateAvailable ?? null,
      latestDateCovered: result.latestDateCovered ?? null,
    };
  }

  #page(result: {
    records: SalesforceRecord[];
    nextRecordsUrl?: string;
    done?: boolean;
    totalSize?: number;
  }): QueryPage {
    const url = result.nextRecordsUrl;
    return {
      records: result.records,
      next: url === undefined || url === '' ? null : (url.split('/').pop() ?? null),
      total: typeof result.totalSize === 'number' ? result.totalSize : null,
    };
  }

  async #signIn(): Promise<void> {
    if (this.#settings.kind !== 'jwt') return;
    const settings = this.#settings;
    try {
      await this.#retrying(() =>
        this.#conn.authorize({ grant_type: JWT_GRANT, assertion: jwtAssertion(settings) }),
      );
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw jwtRefused(error as ApiError);
    }
    this.#signedIn = true;
  }

  /** One request, retried on what is worth retrying; an expired session is renewed once (JWT flow). */
  async #call<T>(request: () => Promise<T>): Promise<T> {
    await this.connect();
    try {
      return await this.#retrying(request);
    } catch (error) {
      if (errorCode(error) !== 'INVALID_SESSION_ID') throw refused(error as ApiError);
      if (this.#settings.kind === 'token')
        throw new CliError(
          'Salesforce refused SALESFORCE_ACCESS_TOKEN (INVALID_SESSION_ID): the token expired or is invalid; ' +
            'set a new one, or use the JWT bearer flow (SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME, ' +
            'SALESFORCE_PRIVATE_KEY_FILE), which renews it',
        );
    }
    await this.#signIn();
    try {
      return await this.#retrying(request);
    } catch (error) {
      if (errorCode(error) === 'INVALID_SESSION_ID')
        throw new CliError(
          'Salesforce refused the renewed session (INVALID_SESSION_ID): check that SALESFORCE_USERNAME may use the API (API Enabled)',
        );
      throw refused(error as ApiError);
    }
  }

  async #retrying<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const status = this.#transport.last?.status ?? 0;
        const wait = this.#waitBefore(error as ApiError, status, attempt);
        if (wait === null) throw error;
        await sleep(wait);
      }
    }
  }

  /** How long to wait before trying again; null when the error is not worth retrying; throws when out of attempts. */
  #waitBefore(error: ApiError, status: number, attempt: number): number | null {
    const code = errorCode(error);
    const limited = status === 429 || status === 503 || code === 'REQUEST_LIMIT_EXCEEDED';
    // node-fetch's FetchError (a refused or reset connection), or our timeout's AbortError (a stalled answer).
    const lost = status === 0 && (error.name === 'FetchError' || error.name === 'AbortError');
    if (!limited && !lost && status < 500) return null;
    if (attempt >= this.#retry.attempts) throw giveUp(error, status, attempt);
    const seconds = Number(this.#transport.last?.retryAfter);
    if (limited && this.#transport.last?.retryAfter !== undefined && Number.isFinite(seconds) && seconds >= 0)
      return Math.min(seconds * 1000, this.#retry.maxWaitMs);
    const backoff = this.#retry.baseDelayMs * 2 ** (attempt - 1) * (limited ? 4 : 1);
    return Math.min(backoff, this.#retry.maxWaitMs);
  }
}

const errorCode = (error: unknown): string => {
  const code = (error as ApiError | null)?.errorCode;
  return typeof code === 'string' ? code : '';
};

/** OAuth token errors are named by their `error` (invalid_grant …) and have no errorCode. */
const isOAuthError = (error: ApiError): boolean =>
  typeof error.name === 'string' && /^(invalid_|unsupported_|inactive_|ERROR_HTTP_)/.test(error.name);

function firstLine(error: ApiError): string {
  const message = typeof error.message === 'string' ? error.message.trim() : '';
  // INVALID_FIELD and MALFORMED_QUERY repeat the query and point at it; the line that says why is the last one.
  const lines = message.split('\n').filter((line) => line.trim() !== '' && !/^\s*\^\s*$/.test(line));
  return (lines.at(-1) ?? '').trim();
}

/** A final refusal as one line naming what to fix; errors that are not Salesforce's pass through. */
function refused(error: ApiError): unknown {
  if (error instanceof CliError) return error;
  const code = errorCode(error);
  if (code === '') return isOAuthError(error) ? jwtRefused(error) : error;
  const why = firstLine(error);
  const said = `${code}${why === '' ? '' : `: ${why}`}`;
  if (code === 'INVALID_FIELD')
    return new CliError(`Salesforce refused the query (${said}): fix that field in SYNC_MAPPING_FILE`);
  if (code === 'INVALID_TYPE' || code === 'INSUFFICIENT_ACCESS' || code === 'INSUFFICIENT_ACCESS_OR_READONLY')
    return new CliError(
      `Salesforce refused the sync (${said}): give SALESFORCE_USERNAME Read on Contact (and Lead) and their mapped fields`,
    );
  if (code === 'API_DISABLED_FOR_ORG' || code === 'API_CURRENTLY_DISABLED')
    return new CliError(`Salesforce refused the sync (${said}): the user needs the API Enabled permission`);
  return new CliError(`Salesforce refused the sync (${said})`);
}

function giveUp(error: ApiError, status: number, attempt: number): CliError {
  const tries = `after ${attempt} attempt${attempt === 1 ? '' : 's'}`;
  if (status === 0 && errorCode(error) === '')
    return new CliError(
      `Salesforce could not be reached ${tries} (SALESFORCE_INSTANCE_URL / SALESFORCE_LOGIN_URL)`,
    );
  const code = errorCode(error);
  const why = code === '' || code.startsWith('ERROR_HTTP_') ? '' : ` ${code}`;
  return new CliError(`Salesforce answered ${status}${why} ${tries}`);
}
