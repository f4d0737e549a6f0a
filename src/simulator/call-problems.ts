// The protocol problems of one callback the simulator made, by the rules of `frontline check` (src/check): the same
// functions judge the shape, the 64 KB cap and the 6 s budget, so the panel and the report never disagree.
import type { Exchange } from '../check/callback-client.ts';
import type { CheckResult } from '../check/check-result.ts';
import { channelsCheck, customerOf, type Details, listedCheck, urlsCheck } from '../check/details-checks.ts';
import { readListPage } from '../check/list-page.ts';
import { contentTypeCheck, sizeCheck, timeCheck } from '../check/transport-checks.ts';

export const BUDGET_MS = 6000;

const notPassed = (results: CheckResult[]) => results.filter((one) => one.outcome !== 'pass');

export function transportProblems(exchange: Exchange): CheckResult[] {
  return notPassed([contentTypeCheck([exchange]), sizeCheck([exchange]), timeCheck([exchange], BUDGET_MS)]);
}

export function listProblems(exchange: Exchange, pageSize: number): CheckResult[] {
  const read = readListPage(exchange);
  if (read.page === undefined) return [{ name: 'list.shape', outcome: 'fail', saw: read.problem }];
  const got = read.page.customers.length;
  if (got > pageSize)
    return [
      { name: 'list.page-size', outcome: 'fail', saw: `PageSize=${pageSize} answered ${got} customers` },
    ];
  return [];
}

export function detailsProblems(exchange: Exchange, customerId: string): CheckResult[] {
  const sample: Details[] = [{ id: customerId, exchange, customer: customerOf(exchange) }];
  const listed = listedCheck(sample);
  if (listed.outcome !== 'pass') return [listed];
  // A customer without channels is a warning in a crawl's sample; for one customer it is just what it is.
  return notPassed([channelsCheck(sample), urlsCheck(sample)]).filter(
    (one) => !(one.name === 'details.channels' && one.outcome === 'warn'),
  );
}
