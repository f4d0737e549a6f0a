// The real `frontline` command over a socket: `serve` on each store of test/support/stores.ts (DATABASE_URL a SQLite
// file, or a postgres:// URL with a schema of its own), and `demo` (SQLite only: it seeds ./data/demo.db by default).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { form, signature } from '../support/app-harness.ts';
import { collect, runCli, startCli, waitForStderr } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();

for (const store of STORES) {
  describe(`frontline serve over a socket (${store.name})`, () => {
    test('frontline serve: signed callbacks answer, unsigned ones get 403, SIGTERM stops it cleanly', async () => {
      const db = await store.freshUrl();
      writeFileSync(
        join(dir, 'one.ndjson'),
        `${JSON.stringify({ customer_id: 'x1', display_name: 'Xena', workers: ['w@example.com'] })}\n`,
      );
      assert.equal((await runCli(['import', join(dir, 'one.ndjson')], { DATABASE_URL: db })).code, 0);
      const token = 'smoke-test-token';
      const child = startCli(['serve'], {
        DATABASE_URL: db,
        TWILIO_AUTH_TOKEN: token,
        PORT: '0',
        HOST: '127.0.0.1',
      });
      const done = collect(child);
      try {
        const [, base] = await waitForStderr(child, /listening on (http:\/\/\S+)\n/);
        const url = `${base}/callbacks/crm`;
        const fields = { Location: 'GetCustomersList', Worker: 'w@example.com' };
        const signed = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': signature(url, fields, token),
          },
          body: form(fields),
        });
        assert.equal(signed.status, 200);
        assert.deepEqual(await signed.json(), {
          objects: { customers: [{ customer_id: 'x1', display_name: 'Xena' }], searchable: true },
        });
        const unsigned = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form(fields),
        });
        assert.equal(unsigned.status, 403);
        assert.equal((await fetch(`${base}/healthz`)).status, 200);
      } finally {
        child.kill('SIGTERM');
      }
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /CRM Callback URL/);
    });
  });
}

describe('frontline demo over a socket', () => {
  test('frontline demo: seeded, loopback only, unsigned requests served, curl examples printed', async () => {
    const child = startCli(['demo'], { DATABASE_URL: join(dir, 'demo.db'), PORT: '0' });
    const done = collect(child);
    try {
      const [, base] = await waitForStderr(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
      await waitForStderr(child, /curl -s/);
      // The simulator on the demo book, on a free port as PORT=0 asks.
      const [, simulator] = await waitForStderr(
        child,
        /in your browser \(sign in as alice@example\.com\): (\S+)\n/,
      );
      const page = await fetch(simulator ?? '');
      assert.match(await page.text(), /<title>Frontline simulator<\/title>/);
      const response = await fetch(`${base}/callbacks/crm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ Location: 'GetCustomersList', Worker: 'alice@example.com', PageSize: '5' }),
      });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { objects: { customers: unknown[]; next_page_token?: string } };
      assert.equal(body.objects.customers.length, 5);
      assert.equal(typeof body.objects.next_page_token, 'string');
      // The other callbacks are served with the demo's templates and numbers.
      const [, customerId] = await waitForStderr(
        child,
        /--data-urlencode 'CustomerId=([^']+)' --data-urlencode 'ChannelType=sms'/,
      );
      const fields = { Worker: 'alice@example.com', CustomerId: customerId ?? '' };
      const proxy = await fetch(`${base}/callbacks/outgoing-conversation`, {
        method: 'POST',
        body: new URLSearchParams({ Location: 'GetProxyAddress', ChannelType: 'sms', ...fields }),
      });
      assert.deepEqual(await proxy.json(), { proxy_address: '+15005550006' });
      const templates = await fetch(`${base}/callbacks/templates`, {
        method: 'POST',
        body: new URLSearchParams({ Location: 'GetTemplatesByCustomerId', ...fields }),
      });
      assert.equal(templates.status, 200);
      const categories = await templates.json();
      assert.ok((categories as unknown[]).length > 0);
      // The demo seeds worker profiles, so its templates sign with the rep's name, not the e-mail identity.
      assert.match(JSON.stringify(categories), /this is Alice Smith from Acme/);
      const routing = await fetch(`${base}/callbacks/routing`, {
        method: 'POST',
        body: new URLSearchParams({ ConversationSid: `CH${'0'.repeat(32)}` }),
      });
      assert.equal(routing.status, 503);
      // The directory API's examples come with a key made for this run, which opens the API.
      const [, key] = await waitForStderr(child, /export KEY=(fl_[A-Za-z0-9_-]+)\n/);
      const [, put] = await waitForStderr(child, /(curl -s -X PUT .*)\n/);
      const [, record] = /-d '([^']+)'/.exec(put ?? '') ?? [];
      const created = await fetch(`${base}/api/v1/customers/demo-ada`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: record ?? '',
      });
      assert.ok([200, 201].includes(created.status), await created.text());
      await waitForStderr(child, /curl -s .*\/api\/v1\/openapi\.json/);
      const unauthorized = await fetch(`${base}/api/v1/customers/demo-ada`);
      assert.equal(unauthorized.status, 401);
    } finally {
      child.kill('SIGTERM');
    }
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Seeded \d+ demo customers/);
    assert.match(result.stderr, /Location=GetCustomerDetailsByCustomerId/);
    assert.match(
      result.stderr,
      /Not configured \(503 not_configured\): onParticipantAdded .* need TWILIO_ACCOUNT_SID/,
    );
  });

  test('frontline demo refuses a non-loopback HOST', async () => {
    const result = await runCli(['demo'], { DATABASE_URL: join(dir, 'demo2.db'), HOST: '0.0.0.0' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /VERIFY_TWILIO_SIGNATURE may be false only while HOST is a loopback address/);
  });
});
