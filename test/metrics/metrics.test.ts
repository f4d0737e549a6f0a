// The Prometheus metrics on the real app and a real store (each store of test/support/stores.ts): what a request, a
// refused signature, a store failure and a directory API write count, that label values come from known sets only,
// that the pool gauges read PostgreSQL's pool at scrape time, and that /metrics is never served on the callbacks' port.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { startMetricsServer } from '../../src/metrics/metrics-server.ts';
import { form, type Harness, harness } from '../support/app-harness.ts';
import { ALICE, bigBook } from '../support/book.ts';
import { customer } from '../support/customer.ts';
import { STORES, type TestStore } from '../support/stores.ts';

const WRITER = 'crm-sync';
const LIST = { Location: 'GetCustomersList', Worker: ALICE, PageSize: '5' };

/** The sum of the series whose labels match every label given; 0 when none. */
async function seriesSum(metrics: Metrics, name: string, labels: Record<string, string> = {}) {
  const metric = metrics.registry.getSingleMetric(name);
  assert.ok(metric !== undefined, `${name} is registered`);
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}

function describeMetrics(adapter: TestStore): void {
  describe(`metrics (${adapter.name})`, () => {
    const opened: Harness[] = [];
    after(async () => {
      for (const h of opened.splice(0)) await h.close();
    });
    async function app(): Promise<{ h: Harness; metrics: Metrics }> {
      const metrics = createMetrics({ version: '0.0.0-test' });
      const h = await harness(
        bigBook(20, [ALICE]),
        {},
        { store: adapter, metrics, apiKeys: { [WRITER]: { readOnly: false } }, writeWaitMs: 100 },
      );
      opened.push(h);
      return { h, metrics };
    }

    it('counts requests by route, Location and status, and times them by route', async () => {
      const { h, metrics } = await app();
      for (let i = 0; i < 3; i += 1) assert.equal((await h.crm(LIST)).statusCode, 200);
      assert.equal(
        (await h.crm({ Location: 'GetCustomerDetailsByCustomerId', Worker: ALICE, CustomerId: 'nope' }))
          .statusCode,
        404,
      );
      const route = '/callbacks/crm';
      assert.equal(
        await seriesSum(metrics, 'frontline_http_requests_total', {
          route,
          location: 'GetCustomersList',
          status: '200',
        }),
        3,
      );
      assert.equal(
        await seriesSum(metrics, 'frontline_http_requests_total', {
          route,
          location: 'GetCustomerDetailsByCustomerId',
          status: '404',
        }),
        1,
      );
      const histogram = await metrics.registry
        .getSingleMetric('frontline_http_request_duration_seconds')
        ?.get();
      const count = histogram?.values.find(
        (v) =>
          (v as { metricName?: string }).metricName === 'frontline_http_request_duration_seconds_count' &&
          v.labels.route === route,
      );
      assert.equal(count?.value, 4);
    });

    it('labels a Location it does not know "other", and a URL no route has "unmatched"', async () => {
      const { h, metrics } = await app();
      for (const location of ['GetEverything', 'x'.repeat(100), 'Ⅻ'])
        assert.equal((await h.crm({ Location: location, Worker: ALICE })).statusCode, 422);
      await h.post('/callbacks/no-such-callback', LIST);
      await h.app.inject({ method: 'GET', url: '/customers/c1' });
      assert.equal(
        await seriesSum(metrics, 'frontline_http_requests_total', { location: 'other', status: '422' }),
        3,
      );
      assert.equal(
        await seriesSum(metrics, 'frontline_http_requests_total', { route: 'unmatched', status: '404' }),
        2,
      );
      const text = await metrics.scrape();
      assert.doesNotMatch(text, /GetEverything|xxxx|Ⅻ|no-such-callback|\/customers\/c1/);
    });

    it('counts refused signatures by reason, and store failures by code', async () => {
      const { h, metrics } = await app();
      const url = '/callbacks/crm';
      const payload = form(LIST);
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      assert.equal((await h.app.inject({ method: 'POST', url, payload, headers })).statusCode, 403);
      for (const signature of ['forged', 'AAAA'])
        assert.equal(
          (
            await h.app.inject({
              method: 'POST',
              url,
              payload,
              headers: { ...headers, 'x-twilio-signature': signature },
            })
          ).statusCode,
          403,
        );
      assert.equal(await seriesSum(metrics, 'frontline_signature_failures_total', { reason: 'missing' }), 1);
      assert.equal(await seriesSum(metrics, 'frontline_signature_failures_total', { reason: 'mismatch' }), 2);

      const session = await h.store.beginImport();
      try {
        const busy = await h.app.inject({
          method: 'PUT',
          url: '/api/v1/customers/c99',
          headers: { authorization: `Bearer ${h.keys[WRITER]}`, 'content-type': 'application/json' },
          payload: JSON.stringify(customer('c99', 'Late')),
        });
        assert.equal(busy.statusCode, 503, busy.body);
      } finally {
        await session.rollback();
      }
      assert.equal(await seriesSum(metrics, 'frontline_store_errors_total', { code: 'store_busy' }), 1);
    });

    it('counts directory API writes by operation, with the customers they touched', async () => {
      const { h, metrics } = await app();
      const auth = { authorization: `Bearer ${h.keys[WRITER]}` };
      const put = await h.app.inject({
        method: 'PUT',
        url: '/api/v1/customers/c98',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify(customer('c98', 'New One', [ALICE])),
      });
      assert.equal(put.statusCode, 201, put.body);
      const lines = ['k01', 'k02', 'k03'].map((id) =>
        JSON.stringify(customer(id, `Imported ${id}`, [ALICE])),
      );
      const imported = await h.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...auth, 'content-type': 'application/x-ndjson' },
        payload: `${lines.join('\n')}\n`,
      });
      assert.equal(imported.statusCode, 200, imported.body);
      assert.equal(
        await seriesSum(metrics, 'frontline_api_writes_total', { operation: 'create', status: '201' }),
        1,
      );
      assert.equal(
        await seriesSum(metrics, 'frontline_api_writes_total', { operation: 'import', status: '200' }),
        1,
      );
      assert.equal(
        await seriesSum(metrics, 'frontline_api_written_customers_total', { operation: 'import' }),
        3,
      );
    });

    it('is never served on the callbacks port', async () => {
      const { h } = await app();
      await h.crm(LIST);
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await h.app.inject({ method, url: '/metrics' });
        assert.equal(response.statusCode, 404);
        assert.doesNotMatch(response.body, /frontline_http_requests_total/);
      }
    });
  });
}

for (const adapter of STORES) describeMetrics(adapter);

describe('the metrics listener', () => {
  it('serves GET /metrics in the Prometheus text format, and 404 for anything else', async () => {
    const metrics = createMetrics({
      version: '9.9.9',
      poolCounts: () => ({ total: 7, idle: 3, waiting: 2 }),
    });
    metrics.request('/callbacks/crm', 'GetCustomersList', 200, 0.012);
    const server = await startMetricsServer(metrics, { host: '127.0.0.1', port: 0 });
    try {
      const scraped = await fetch(`${server.url}/metrics`);
      assert.equal(scraped.status, 200);
      assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await scraped.text();
      assert.match(text, /^frontline_info\{version="9\.9\.9"\} 1$/m);
      assert.match(
        text,
        /^frontline_http_requests_total\{route="\/callbacks\/crm",location="GetCustomersList",status="200"\} 1$/m,
      );
      assert.match(
        text,
        /^frontline_http_request_duration_seconds_bucket\{le="0\.025",route="\/callbacks\/crm"\} 1$/m,
      );
      assert.match(text, /^frontline_pg_pool_connections 7$/m);
      assert.match(text, /^frontline_pg_pool_idle_connections 3$/m);
      assert.match(text, /^frontline_pg_pool_waiting_requests 2$/m);
      assert.match(text, /^nodejs_eventloop_lag_p99_seconds /m);
      for (const path of ['/', '/metrics/x', '/callbacks/crm'])
        assert.equal((await fetch(`${server.url}${path}`)).status, 404);
      assert.equal((await fetch(`${server.url}/metrics`, { method: 'POST' })).status, 404);
    } finally {
      await server.close();
    }
  });
});
