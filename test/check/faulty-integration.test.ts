// `frontline check` against test/support/faulty-integration.ts: clean, it passes every check; with each fault of the
// reference integrations, that fault's own check fails and no other does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runChecks } from '../../src/check/run-checks.ts';
import {
  FAULTS,
  type Fault,
  FIXTURE_WORKERS,
  startFaultyIntegration,
} from '../support/faulty-integration.ts';

const AUTH_TOKEN = 'fixture-auth-token-0123456789abcdef';
/** Short, so that the slow fault costs a second or two, not 6 s; still far above a loaded machine's answers. */
const TIMEOUT_MS = 2000;

const CAUGHT_BY: Record<Fault, string> = {
  'no-paging': 'list.page-size',
  'anchor-restart': 'list.anchor-gone',
  'no-searchable': 'search.searchable',
  'unknown-500': 'details.unknown',
  'unknown-reset': 'details.unknown',
  'no-worker-check': 'isolation',
  'no-signature': 'signature',
  'big-pages': 'size',
  slow: 'time',
  'text-content-type': 'content-type',
  'national-numbers': 'details.channels',
  'relative-links': 'details.urls',
};

async function checkFixture(fault?: Fault, maxCustomers = 10_000) {
  const fixture = await startFaultyIntegration({
    authToken: AUTH_TOKEN,
    ...(fault === undefined ? {} : { fault }),
    slowMs: TIMEOUT_MS + 500,
  });
  try {
    return await runChecks({
      crmUrl: fixture.crmUrl,
      workers: [...FIXTURE_WORKERS],
      authToken: AUTH_TOKEN,
      outgoingUrl: fixture.outgoingUrl,
      templatesUrl: fixture.templatesUrl,
      timeoutMs: TIMEOUT_MS,
      maxCustomers,
      pageSize: 30,
    });
  } finally {
    await fixture.close();
  }
}

const outcomes = (report: Awaited<ReturnType<typeof checkFixture>>, outcome: string) =>
  report.checks.filter((check) => check.outcome === outcome).map((check) => check.name);

describe('frontline check against the faulty integration', () => {
  test('without a fault every check passes, each paging mode crawls every customer once', async () => {
    const report = await checkFixture();
    assert.deepEqual(outcomes(report, 'fail'), [], JSON.stringify(report.checks, null, 2));
    assert.deepEqual(outcomes(report, 'warn'), [], JSON.stringify(report.checks, null, 2));
    const saw = Object.fromEntries(report.checks.map((check) => [check.name, check.saw]));
    // Ann has the 35 even customers and the 5 odd multiples of 7.
    assert.match(saw['list.crawl-anchor'] ?? '', /^40 customers in 3 pages, each once, ended/);
    assert.match(saw['list.crawl-token'] ?? '', /no next_page_token given/);
    assert.match(saw.isolation ?? '', /as ben@example\.com: answered 404/);
    assert.deepEqual(
      report.checks.map((check) => check.name),
      [
        'list.shape',
        'list.page-size',
        'list.crawl-token',
        'list.crawl-anchor',
        'list.anchor-gone',
        'search.searchable',
        'search.results',
        'details.listed',
        'details.channels',
        'details.urls',
        'details.unknown',
        'isolation',
        'signature',
        'outgoing',
        'templates',
        'content-type',
        'size',
        'time',
      ],
    );
  });

  for (const fault of FAULTS) {
    test(`the fault ${fault} fails ${CAUGHT_BY[fault]} and nothing else`, async () => {
      const report = await checkFixture(fault);
      assert.deepEqual(outcomes(report, 'fail'), [CAUGHT_BY[fault]], JSON.stringify(report.checks, null, 2));
    });
  }
});

test('--max-customers stops each crawl with a warning, and isolation is not judged on a partial list', async () => {
  const report = await checkFixture(undefined, 10);
  assert.deepEqual(outcomes(report, 'fail'), []);
  const saw = Object.fromEntries(report.checks.map((check) => [check.name, `${check.outcome} ${check.saw}`]));
  assert.equal(
    saw['list.crawl-token'],
    'warn stopped at --max-customers 10: 30 customers in 1 page, no repeat so far',
  );
  assert.equal(
    saw['list.crawl-anchor'],
    'warn stopped at --max-customers 10: 30 customers in 1 page, no repeat so far',
  );
  assert.match(saw.isolation ?? '', /^warn not run: ben@example\.com's list could not be crawled to its end/);
});
