// `frontline serve` with METRICS_PORT set, over real sockets on each store: /metrics answers on its own listener
// with what the callbacks counted (and, on PostgreSQL, the pool read at scrape time), never on the callbacks' port;
// SIGTERM closes both listeners and the process exits 0.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { form, signature } from '../support/app-harness.ts';
import { collect, runCli, startCli, waitForStderr } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';

const TOKEN = '0123456789abcdef0123456789abcdef';

for (const store of STORES) {
  describe(`frontline serve with metrics (${store.name})`, () => {
    test('GET /metrics on METRICS_PORT counts the callbacks; the callbacks port answers it 404', async () => {
      const url = await store.freshUrl();
      // serve refuses a SQLite file that does not exist: migrate creates it.
      assert.equal((await runCli(['migrate'], { DATABASE_URL: url })).code, 0);
      const child = startCli(['serve'], {
        DATABASE_URL: url,
        TWILIO_AUTH_TOKEN: TOKEN,
        PORT: '0',
        HOST: '127.0.0.1',
        METRICS_PORT: '0',
      });
      const done = collect(child);
      try {
        const [, base] = await waitForStderr(child, /listening on (http:\/\/\S+)\n/);
        const [, metricsUrl] = await waitForStderr(
          child,
          /Metrics for Prometheus: (http:\/\/127\.0\.0\.1:\d+\/metrics)\n/,
        );
        const crm = `${base}/callbacks/crm`;
        const fields = { Location: 'GetCustomersList', Worker: 'w@example.com' };
        const signed = await fetch(crm, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': signature(crm, fields, TOKEN),
          },
          body: form(fields),
        });
        assert.equal(signed.status, 200);
        assert.equal((await fetch(`${base}/metrics`)).status, 404);
        const text = await (await fetch(String(metricsUrl))).text();
        assert.match(
          text,
          /^frontline_http_requests_total\{route="\/callbacks\/crm",location="GetCustomersList",status="200"\} 1$/m,
        );
        assert.match(
          text,
          /^frontline_http_requests_total\{route="unmatched",location="",status="404"\} 1$/m,
        );
        if (store.name === 'postgres') assert.match(text, /^frontline_pg_pool_connections [1-9]\d*$/m);
        else assert.doesNotMatch(text, /frontline_pg_pool/);
      } finally {
        child.kill('SIGTERM');
      }
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
    });
  });
}
