// What the sync asks of HubSpot, through @hubspot/api-client (13.x: 14 needs Node 22, see package.json's pin), with
// the faults handled here rather than by the client's own retry (which ignores Retry-After and logs to the console):
// a 429 waits what Retry-After says, a 5xx or a dropped connection is retried with a doubling backoff, both bounded;
// a 401/403 becomes one line naming HUBSPOT_ACCESS_TOKEN and the scope the call needs.

import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@hubspot/api-client';
import { CliError } from '../cli/cli-error.ts';
import type { HubspotContact } from './hubspot-record.ts';
import type { HubspotSettings } from './sync-config.ts';

export interface RetryPolicy {
  attempts: number;
  /** The first 5xx backoff; it doubles each attempt. */
  baseDelayMs: number;
  /** A Retry-After longer than this is cut to it. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxWaitMs: 60_000 };

export interface SearchPage {
  contacts: HubspotContact[];
  /** lastmodifieddate of each contact, in the page's order, as ms. */
  modified: number[];
  next: string | null;
  /** How many contacts the query matches in all, when HubSpot says (its search answers `total`). */
  total: number | null;
}

export interface ArchivedPage {
  ids: { id: string; archivedAt: number }[];
  next: string | null;
}

const CONTACTS_SCOPE = 'crm.objects.contacts.read';
const OWNERS_SCOPE = 'crm.objects.owners.read';

interface ApiError {
  code?: unknown;
  body?: { message?: unknown; category?: unknown };
  headers?: Record<string, string | undefined>;
}

export class HubspotApi {
  readonly #client: Client;
  readonly #baseUrl: string;
  readonly #retry: RetryPolicy;

  constructor(settings: HubspotSettings, retry: RetryPolicy = DEFAULT_RETRY) {
    this.#client = new Client({ accessToken: settings.accessToken, basePath: settings.baseUrl });
    this.#baseUrl = settings.baseUrl;
    this.#retry = retry;
  }

  /** Contacts modified at or after `since` (ms; null: all), oldest first. */
  async search(
    since: number | null,
    properties: string[],
    after: string | null,
    limit: number,
  ): Promise<SearchPage> {
    const page = await this.#call(CONTACTS_SCOPE, () =>
      this.#client.crm.contacts.searchApi.doSearch({
        filterGroups:
          since === null
            ? []
            : [
                {
                  filters: [
                    { propertyName: 'lastmodifieddate', operator: 'GTE' as never, value: String(since) },
                  ],
                },
              ],
        // The search API takes {propertyName, direction}; the client's type says string[].
        sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }] as never,
        properties: [...properties, 'lastmodifieddate'],
        limit,
        ...(after === null ? {} : { after }),
      }),
    );
    const contacts = page.results.map((result) => ({ id: result.id, properties: result.properties }));
    const modified = page.results.map((result) =>
      modifiedAt(result.properties.lastmodifieddate ?? null, result.updatedAt),
    );
    const total = typeof page.total === 'number' ? page.total : null;
    return { contacts, modified, next: page.paging?.next?.after ?? null, total };
  }

  /** Archived (deleted) contacts, a page at a time. */
  async archived(after: string | null, limit: number): Promise<ArchivedPage> {
    const page = await this.#call(CONTACTS_SCOPE, () =>
      this.#client.crm.contacts.basicApi.getPage(limit, after ?? undefined, [], undefined, undefined, true),
    );
    return {
      ids: page.results.map((result) => ({
        id: result.id,
        archivedAt: new Date(result.archivedAt ?? result.updatedAt).getTime(),
      })),
      next: page.paging?.next?.after ?? null,
    };
  }

  /** Every active owner: id → e-mail. */
  async owners(): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    let after: string | undefined;
    do {
      const page = await this.#call(OWNERS_SCOPE, () =>
        this.#client.crm.owners.ownersApi.getPage(undefined, after, 100),
      );
      for (const owner of page.results) if (owner.email) owners.set(owner.id, owner.email);
      after = page.paging?.next?.after;
    } while (after !== undefined);
    return owners;
  }

  /** The account's portal id (for links to contacts), null when HubSpot does not say. */
  async portalId(): Promise<string | null> {
    const response = await this.#call(CONTACTS_SCOPE, async () => {
      const answer = await fetch(`${this.#baseUrl}/account-info/v3/details`, {
        headers: { authorization: `Bearer ${this.#token()}` },
      });
      if (answer.status === 429 || answer.status >= 500 || answer.status === 401)
        throw { code: answer.status, headers: Object.fromEntries(answer.headers), body: await answer.json() };
      return answer;
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { portalId?: unknown };
    return typeof body.portalId === 'number' || typeof body.portalId === 'string'
      ? String(body.portalId)
      : null;
  }

  #token(): string {
    return (this.#client.config as { accessToken?: string }).accessToken ?? '';
  }

  async #call<T>(scope: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const wait = this.#waitBefore(error as ApiError, attempt, scope);
        await sleep(wait);
      }
    }
  }

  /** How long to wait before trying again; throws when the error is final. */
  #waitBefore(error: ApiError, attempt: number, scope: string): number {
    const code = typeof error.code === 'number' ? error.code : 0;
    const category = typeof error.body?.category === 'string' ? ` ${error.body.category}` : '';
    if (code === 401)
      throw new CliError(
        `HubSpot refused HUBSPOT_ACCESS_TOKEN (401${category}): set a valid private app token`,
      );
    if (code === 403)
      throw new CliError(
        `HubSpot refused HUBSPOT_ACCESS_TOKEN (403${category}): give the private app the scope ${scope}`,
      );
    const retryable = code === 429 || code >= 500 || code === 0;
    if (!retryable || attempt >= this.#retry.attempts) throw hubspotFailure(code, error, attempt);
    if (code === 429) {
      const seconds = Number(error.headers?.['retry-after']);
      return Math.min(
        Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 10_000,
        this.#retry.maxWaitMs,
      );
    }
    return Math.min(this.#retry.baseDelayMs * 2 ** (attempt - 1), this.#retry.maxWaitMs);
  }
}

function hubspotFailure(code: number, error: ApiError, attempt: number): CliError {
  const message = typeof error.body?.message === 'string' ? `: ${error.body.message.split('\n')[0]}` : '';
  if (code === 0)
    return new CliError(`HubSpot could not be reached after ${attempt} attempts (HUBSPOT_BASE_URL)`);
  return new CliError(
    `HubSpot answered ${code} after ${attempt} attempt${attempt === 1 ? '' : 's'}${message}`,
  );
}

/** HubSpot's lastmodifieddate is an ISO-8601 text (or ms since the epoch in older accounts). */
function modifiedAt(value: string | null, updatedAt: Date): number {
  if (value === null || value === '') return updatedAt.getTime();
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : updatedAt.getTime();
}
