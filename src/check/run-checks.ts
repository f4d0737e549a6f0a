// A whole `frontline check` run, in the order a rep meets the callbacks: the list and its paging, search, details,
// isolation between two workers, signatures, then the other callbacks; the transport checks last, over every answer.
import { callbackClient, type Exchange } from './callback-client.ts';
import { type CheckContext, type CheckOptions, checkContext } from './check-context.ts';
import type { CheckResult } from './check-result.ts';
import { type Crawl, crawl } from './crawl.ts';
import { channelsCheck, fetchDetails, listedCheck, unknownIdCheck, urlsCheck } from './details-checks.ts';
import { isolationCheck } from './isolation-check.ts';
import {
  anchorCrawlCheck,
  anchorGoneCheck,
  honoursPageSize,
  pageSizeCheck,
  probePageSize,
  shapeCheck,
  tokenCrawlCheck,
} from './list-checks.ts';
import { outgoingCheck, templatesCheck } from './other-callbacks.ts';
import { searchChecks } from './search-checks.ts';
import { signatureCheck } from './signature-check.ts';
import { contentTypeCheck, sizeCheck, slowest, timeCheck } from './transport-checks.ts';

export interface CheckReport {
  crmUrl: string;
  workers: string[];
  checks: CheckResult[];
  requests: number;
  durationMs: number;
  slowest: { label: string; ms: number } | undefined;
}

/** The app gives up a bit before 7 s; past the 6 s budget a request gets one more second before it counts as a hang. */
const GRACE_MS = 1000;
/** How many listed customers the details checks open, spread over the crawl. */
const SAMPLE = 10;

export async function runChecks(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const client = callbackClient({
    authToken: options.authToken,
    timeoutMs: options.timeoutMs,
    graceMs: GRACE_MS,
  });
  const context = checkContext(options, client);
  const [worker, otherWorker] = options.workers as [string, ...string[]];
  const checks: CheckResult[] = [];

  const first = await context.list(worker, { PageSize: String(options.pageSize) }, 'page 1');
  checks.push(shapeCheck(first));
  const tokenCrawl = await crawl(context, worker, 'token');
  const probe = await probePageSize(context, worker);
  const pageSizeHonoured = honoursPageSize(probe) && tokenCrawl.largestPage <= options.pageSize;
  const anchorCrawl = pageSizeHonoured ? await crawl(context, worker, 'anchor') : undefined;
  const crawls = anchorCrawl === undefined ? [tokenCrawl] : [tokenCrawl, anchorCrawl];
  checks.push(
    pageSizeCheck(probe, crawls, options.pageSize),
    tokenCrawlCheck(tokenCrawl, options.maxCustomers),
  );
  checks.push(anchorCrawlCheck(anchorCrawl, tokenCrawl, options.maxCustomers, pageSizeHonoured));
  checks.push(await anchorGoneCheck(context, worker, tokenCrawl.gaveToken, pageSizeHonoured));

  const listed = bestCrawl(tokenCrawl, anchorCrawl);
  const firstId = listed.ids[0];
  const search = await searchChecks(
    context,
    worker,
    firstId === undefined
      ? undefined
      : { customer_id: firstId, display_name: listed.names.get(firstId) ?? '' },
    pageSizeHonoured,
  );
  checks.push(search.searchable, search.results);

  const sample = await fetchDetails(context, worker, spread(listed.ids, SAMPLE));
  checks.push(listedCheck(sample), channelsCheck(sample), urlsCheck(sample));
  checks.push(await unknownIdCheck(context, worker));

  const other = otherWorker === undefined ? undefined : await crawlOf(context, otherWorker, pageSizeHonoured);
  checks.push(
    await isolationCheck(
      context,
      { worker, crawl: listed },
      other === undefined ? undefined : { worker: otherWorker as string, crawl: other },
    ),
  );
  checks.push(await signatureCheck(context, worker));
  if (options.outgoingUrl !== undefined) checks.push(await outgoingCheck(context, worker, sample));
  if (options.templatesUrl !== undefined) checks.push(await templatesCheck(context, worker, firstId));

  const exchanges = client.exchanges;
  checks.push(contentTypeCheck(exchanges), sizeCheck(exchanges), timeCheck(exchanges, options.timeoutMs));
  return {
    crmUrl: options.crmUrl,
    workers: options.workers,
    checks,
    requests: exchanges.length,
    durationMs: performance.now() - started,
    slowest: labelled(slowest(exchanges)),
  };
}

/** The crawl the app would make: by token when the integration gives tokens, else by Anchor. */
function bestCrawl(tokenCrawl: Crawl, anchorCrawl: Crawl | undefined): Crawl {
  if (tokenCrawl.gaveToken || anchorCrawl === undefined || anchorCrawl.ended === 'problem') return tokenCrawl;
  return anchorCrawl;
}

async function crawlOf(context: CheckContext, worker: string, pageSizeHonoured: boolean): Promise<Crawl> {
  const tokens = await crawl(context, worker, 'token');
  if (tokens.gaveToken || tokens.ended !== 'end' || !pageSizeHonoured) return tokens;
  return crawl(context, worker, 'anchor');
}

/** Up to `count` ids spread evenly over the list, the first among them. */
export function spread(ids: string[], count: number): string[] {
  if (ids.length <= count) return [...ids];
  const step = ids.length / count;
  return Array.from({ length: count }, (_, at) => ids[Math.floor(at * step)] as string);
}

function labelled(exchange: Exchange | undefined) {
  return exchange === undefined ? undefined : { label: exchange.label, ms: Math.round(exchange.ms) };
}
