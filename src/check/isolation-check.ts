// Two workers: a customer listed for one and not for the other must not be shown to the other in details, or any
// rep can open any customer by id (the reference integrations never check who asks).

import type { CheckContext } from './check-context.ts';
import { answered, type CheckResult, fail, isClientError, isSuccess, pass, warn } from './check-result.ts';
import type { Crawl } from './crawl.ts';
import { customerOf } from './details-checks.ts';

export async function isolationCheck(
  context: CheckContext,
  owner: { worker: string; crawl: Crawl } | undefined,
  other: { worker: string; crawl: Crawl } | undefined,
): Promise<CheckResult> {
  const name = 'isolation';
  if (owner === undefined || other === undefined) return warn(name, 'not run: give two --worker identities');
  if (other.crawl.ended !== 'end')
    return warn(
      name,
      `not run: ${other.worker}'s list could not be crawled to its end (${other.crawl.problem ?? '--max-customers'})`,
    );
  const theirs = new Set(other.crawl.ids);
  const candidate = owner.crawl.ids.find((id) => !theirs.has(id));
  if (candidate === undefined)
    return warn(name, `not run: every customer listed for ${owner.worker} is listed for ${other.worker} too`);
  const exchange = await context.details(other.worker, candidate, "another worker's customer");
  if (isClientError(exchange))
    return pass(
      name,
      `${candidate} (listed for ${owner.worker} only) as ${other.worker}: ${answered(exchange)}`,
    );
  if (isSuccess(exchange) && customerOf(exchange) !== undefined)
    return fail(name, `${other.worker} was shown ${candidate}, listed for ${owner.worker} only`);
  return fail(name, `${candidate} as ${other.worker}: ${answered(exchange)}, not a 4xx`);
}
