// The GetCustomersList checks: the answer's shape, PageSize honoured, a crawl in each paging mode, and an Anchor
// that names no customer ending the list rather than restarting it.

import type { CheckContext, ListAnswer } from './check-context.ts';
import { type CheckResult, fail, pass, plural, warn } from './check-result.ts';
import type { Crawl } from './crawl.ts';

export function shapeCheck(first: ListAnswer): CheckResult {
  if (first.page === undefined) return fail('list.shape', `the first page: ${first.problem}`);
  const { customers, nextPageToken, searchable } = first.page;
  const extras = [
    nextPageToken === undefined ? 'no next_page_token' : 'a next_page_token',
    searchable === undefined ? 'no searchable' : `searchable: ${searchable}`,
  ];
  if (customers.length === 0)
    return warn('list.shape', 'the first page is empty: give a --worker with customers');
  return pass(
    'list.shape',
    `objects.customers: ${plural(customers.length, 'customer')}, ${extras.join(', ')}`,
  );
}

const PROBE_SIZE = 2;

/** PageSize as the app sends it (a string), small. */
export const probePageSize = (context: CheckContext, worker: string) =>
  context.list(worker, { PageSize: String(PROBE_SIZE) }, `PageSize=${PROBE_SIZE}`);

export const honoursPageSize = (probe: ListAnswer) =>
  probe.page !== undefined && probe.page.customers.length <= PROBE_SIZE;

/** The probe, and every crawl page against the PageSize it asked ("30" read as a string once made pages grow). */
export function pageSizeCheck(probe: ListAnswer, crawls: Crawl[], pageSize: number): CheckResult {
  if (probe.page === undefined) return fail('list.page-size', `PageSize=${PROBE_SIZE}: ${probe.problem}`);
  const got = probe.page.customers.length;
  if (got > PROBE_SIZE) return fail('list.page-size', `PageSize=${PROBE_SIZE} answered ${got} customers`);
  const over = crawls.find((one) => one.largestPage > pageSize);
  if (over !== undefined)
    return fail(
      'list.page-size',
      `a ${over.mode} crawl page had ${over.largestPage} customers for PageSize=${pageSize}`,
    );
  const largest = Math.max(0, ...crawls.map((one) => one.largestPage));
  if (got < PROBE_SIZE && crawls.every((one) => one.pages <= 1))
    return warn(
      'list.page-size',
      `only ${plural(got, 'customer')} for PageSize=${PROBE_SIZE}: too few to tell`,
    );
  return pass(
    'list.page-size',
    `PageSize=${PROBE_SIZE} → ${got}; crawl pages of PageSize=${pageSize} → at most ${largest}`,
  );
}

function crawlSummary(crawl: Crawl): string {
  return `${plural(crawl.ids.length, 'customer')} in ${plural(crawl.pages, 'page')}`;
}

function capped(name: string, crawl: Crawl, max: number): CheckResult {
  return warn(name, `stopped at --max-customers ${max}: ${crawlSummary(crawl)}, no repeat so far`);
}

export function tokenCrawlCheck(crawl: Crawl, max: number): CheckResult {
  const name = 'list.crawl-token';
  if (crawl.ended === 'problem') return fail(name, `${crawl.problem} after ${crawlSummary(crawl)}`);
  if (crawl.ended === 'cap') return capped(name, crawl, max);
  if (!crawl.gaveToken)
    return pass(
      name,
      `no next_page_token given (${crawlSummary(crawl)}): the app pages by Anchor (list.crawl-anchor)`,
    );
  return pass(name, `${crawlSummary(crawl)}, each once, ended`);
}

/**
 * The Anchor crawl. The app sends Anchor only while no answer has given a token, so to an integration that gives
 * tokens a broken Anchor is a warning, not a failure. `tokenCrawl` ran first: a complete pair must agree on order.
 */
export function anchorCrawlCheck(
  crawl: Crawl | undefined,
  tokenCrawl: Crawl,
  max: number,
  pageSizeHonoured: boolean,
): CheckResult {
  const name = 'list.crawl-anchor';
  if (crawl === undefined || !pageSizeHonoured)
    return warn(
      name,
      'not run: PageSize is not honoured (list.page-size), so there is no next page to ask for',
    );
  const verdict = tokenCrawl.gaveToken ? warn : fail;
  const why = tokenCrawl.gaveToken ? ' (the app pages this integration by token)' : '';
  if (crawl.ended === 'problem') return verdict(name, `${crawl.problem} after ${crawlSummary(crawl)}${why}`);
  if (crawl.ended === 'cap') return capped(name, crawl, max);
  if (tokenCrawl.ended === 'end' && tokenCrawl.gaveToken) {
    const differs = crawl.ids.findIndex((id, at) => tokenCrawl.ids[at] !== id);
    if (differs >= 0 || crawl.ids.length !== tokenCrawl.ids.length)
      return verdict(
        name,
        `${crawlSummary(crawl)}, not the token crawl's order (from position ${differs + 1})${why}`,
      );
    return pass(name, `${crawlSummary(crawl)}, each once, ended, the same order as the token crawl`);
  }
  return pass(name, `${crawlSummary(crawl)}, each once, ended`);
}

/** An Anchor naming no customer (one deleted since the app showed it) must end the list, not start it again. */
export async function anchorGoneCheck(
  context: CheckContext,
  worker: string,
  tokens: boolean,
  pageSizeHonoured: boolean,
): Promise<CheckResult> {
  const name = 'list.anchor-gone';
  if (!pageSizeHonoured) return warn(name, 'not run: PageSize is not honoured (list.page-size)');
  const fields = { PageSize: String(context.options.pageSize), Anchor: 'frontline-check-no-such-customer' };
  const answer = await context.list(worker, fields, 'an Anchor that names no customer');
  const status = answer.exchange.status;
  if (answer.page === undefined) {
    if (status !== undefined && status >= 400 && status < 500 && answer.exchange.failure === undefined)
      return pass(name, `refused with ${status}`);
    return fail(name, answer.problem);
  }
  const count = answer.page.customers.length;
  if (count === 0) return pass(name, 'an empty page: the list ends');
  return (tokens ? warn : fail)(
    name,
    `answered ${plural(count, 'customer')}: the list restarts, and the app shows them twice${tokens ? ' (the app pages this integration by token)' : ''}`,
  );
}
