// What holds for every answer the run received: a JSON content type on the successful ones (invalid JSON is error
// 48003), at most 64 KB (48003, "Responses are capped at 64k") and inside 6 s (48005). Each reports the worst case.
import type { Exchange } from './callback-client.ts';
import { type CheckResult, fail, isSuccess, pass, plural } from './check-result.ts';

export const MAX_BYTES = 64 * 1024;

export function contentTypeCheck(exchanges: readonly Exchange[]): CheckResult {
  const ok = exchanges.filter(isSuccess);
  const wrong = ok.find((one) => !/^application\/(.+\+)?json\b/i.test(one.contentType));
  if (wrong !== undefined) return fail('content-type', `${wrong.label}: content-type "${wrong.contentType}"`);
  const broken = ok.find((one) => one.json === undefined && !one.truncated);
  if (broken !== undefined) return fail('content-type', `${broken.label}: the body is not JSON`);
  return pass('content-type', `${plural(ok.length, 'successful answer')}: JSON, application/json`);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function sizeCheck(exchanges: readonly Exchange[]): CheckResult {
  const largest = exchanges.reduce<Exchange | undefined>(
    (max, one) => (max === undefined || one.bytes > max.bytes ? one : max),
    undefined,
  );
  if (largest === undefined) return pass('size', 'no answer');
  const over = exchanges.filter((one) => one.bytes > MAX_BYTES).length;
  const saw = `largest ${largest.truncated ? 'over ' : ''}${kb(largest.bytes)} (${largest.label})`;
  return over > 0
    ? fail('size', `${plural(over, 'answer')} over 64 KB; ${saw}`)
    : pass('size', `${saw}, under 64 KB`);
}

export function slowest(exchanges: readonly Exchange[]): Exchange | undefined {
  return exchanges.reduce<Exchange | undefined>(
    (max, one) => (max === undefined || one.ms > max.ms ? one : max),
    undefined,
  );
}

export function timeCheck(exchanges: readonly Exchange[], budgetMs: number): CheckResult {
  const worst = slowest(exchanges);
  if (worst === undefined) return pass('time', 'no answer');
  const over = exchanges.filter((one) => one.ms > budgetMs).length;
  const saw = `slowest ${Math.round(worst.ms)} ms (${worst.label})`;
  return over > 0
    ? fail('time', `${plural(over, 'request')} over ${budgetMs} ms; ${saw}`)
    : pass('time', `${saw}, all under ${budgetMs} ms`);
}
