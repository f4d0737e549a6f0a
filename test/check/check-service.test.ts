// `frontline check` against this service over a real socket, on every store: a book where two workers have
// different customers (and share some), the outgoing and templates callbacks configured. Every check passes.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runChecks } from '../../src/check/run-checks.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { AUTH_TOKEN, harness } from '../support/app-harness.ts';
import { customer } from '../support/customer.ts';
import { STORES } from '../support/stores.ts';

const ANN = 'ann@example.com';
const BEN = 'Ben@Example.com';
const TEMPLATES_FILE = fileURLToPath(new URL('../../examples/templates.yaml', import.meta.url));

/** 200 customers: 90 Ann's, 90 Ben's, 20 both's; names that sort apart from their ids, every one reachable. */
function book(): CustomerRecord[] {
  const names = ['Zoë', 'Émile', 'Łukasz', 'ana', 'Åsa', "O'Neil", 'Mårten', 'Bob'];
  return Array.from({ length: 200 }, (_, i) => {
    const workers = i < 20 ? [ANN, BEN] : i % 2 === 0 ? [ANN] : [BEN];
    const number = `+1212555${String(1000 + i)}`;
    return customer(`cust-${i}`, `${names[i % names.length]} Client${(i * 37) % 200}`, workers, {
      avatar: `https://img.example.com/${i}.png`,
      channels: [
        { type: 'sms', value: number },
        { type: 'whatsapp', value: `whatsapp:${number}` },
        { type: 'email', value: `client${i}@example.com` },
      ],
      links: [{ type: 'CRM', value: `https://crm.example.com/${i}`, display_name: 'Open in CRM' }],
      details: { title: 'Notes', content: `Line one.\nLine two of ${i}.` },
    });
  });
}

for (const store of STORES) {
  describe(`frontline check against this service (${store.name})`, () => {
    test("every check passes, both crawls see each of the worker's customers once", async () => {
      const h = await harness(
        book(),
        {
          TWILIO_SMS_NUMBER: '+15005550006',
          TWILIO_WHATSAPP_NUMBER: 'whatsapp:+14155238886',
          TEMPLATES_FILE,
        },
        { store },
      );
      try {
        await h.app.listen({ port: 0, host: '127.0.0.1' });
        const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/callbacks`;
        const report = await runChecks({
          crmUrl: `${base}/crm`,
          workers: [ANN, BEN],
          authToken: AUTH_TOKEN,
          outgoingUrl: `${base}/outgoing-conversation`,
          templatesUrl: `${base}/templates`,
          timeoutMs: 6000,
          maxCustomers: 10_000,
          pageSize: 30,
        });
        const notPassed = report.checks.filter((check) => check.outcome !== 'pass');
        assert.deepEqual(notPassed, []);
        assert.equal(report.checks.length, 18);
        const saw = Object.fromEntries(report.checks.map((check) => [check.name, check.saw]));
        assert.match(saw['list.crawl-token'] ?? '', /^110 customers in 4 pages, each once, ended$/);
        assert.match(
          saw['list.crawl-anchor'] ?? '',
          /^110 customers in 5 pages, each once, ended, the same order/,
        );
        assert.match(saw.isolation ?? '', /as Ben@Example\.com: answered 404$/);
        assert.match(
          saw.signature ?? '',
          /unsigned: answered 403; another token: answered 403; changed body: answered 403/,
        );
        assert.ok(report.slowest !== undefined && report.requests > 20);
      } finally {
        await h.close();
      }
    });
  });
}
