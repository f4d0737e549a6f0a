// The simulator's server without a browser, on every store: each form the page asks for goes out signed (this
// service verifies signatures, so a 200 proves it), comes back with the check rules' verdict, and never carries the
// token; the worker picker reads the directory; beyond loopback it needs its password.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { buildSimulatorApp } from '../../src/simulator/simulator-app.ts';
import { SimulatorRefused, startSimulator, storeWorkers } from '../../src/simulator/start-simulator.ts';
import { AUTH_TOKEN, harness } from '../support/app-harness.ts';
import { STORES } from '../support/stores.ts';
import { ANN, BEN, SIMULATOR_ENV, simulatorBook } from './simulator-book.ts';

for (const store of STORES) {
  describe(`simulator signing proxy (${store.name})`, () => {
    test('list, details, outgoing and templates: signed, judged, token-free; the picker reads the directory', async () => {
      const h = await harness(simulatorBook(), SIMULATOR_ENV, { store });
      try {
        await h.app.listen({ port: 0, host: '127.0.0.1' });
        const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/callbacks`;
        const sim = await buildSimulatorApp({
          target: {
            crmUrl: `${base}/crm`,
            outgoingUrl: `${base}/outgoing-conversation`,
            templatesUrl: `${base}/templates`,
          },
          authToken: AUTH_TOKEN,
          workers: storeWorkers(h.store),
        });
        const call = async (body: Record<string, unknown>) => {
          const response = await sim.inject({ method: 'POST', url: '/api/call', payload: body });
          assert.ok(!response.body.includes(AUTH_TOKEN), 'the token never reaches the page');
          return { status: response.statusCode, body: response.json() };
        };
        const first = await call({ operation: 'list', worker: ANN, pageSize: 30 });
        assert.equal(first.status, 200);
        assert.equal(first.body.exchange.status, 200, 'the service verified the signature');
        assert.deepEqual(first.body.form, { Location: 'GetCustomersList', Worker: ANN, PageSize: '30' });
        assert.deepEqual(first.body.problems, []);
        assert.equal(first.body.exchange.json.objects.customers.length, 30);
        const token = first.body.exchange.json.objects.next_page_token;
        const second = await call({ operation: 'list', worker: ANN, pageSize: 30, nextPageToken: token });
        assert.equal(second.body.form.NextPageToken, token);
        assert.equal(second.body.exchange.json.objects.customers.length, 30);

        const details = await call({ operation: 'details', worker: ANN, customerId: 'cust-3' });
        assert.deepEqual(details.body.problems, []);
        assert.equal(details.body.exchange.json.objects.customer.customer_id, 'cust-3');
        const isolated = await call({ operation: 'details', worker: BEN, customerId: 'cust-3' });
        assert.equal(isolated.body.exchange.status, 404);
        assert.match(isolated.body.problems[0].name, /^details\.listed$/);

        const outgoing = await call({
          operation: 'outgoing',
          worker: ANN,
          customerId: 'cust-3',
          channelType: 'whatsapp',
          channelValue: 'whatsapp:+12125551003',
        });
        assert.deepEqual(outgoing.body.problems, []);
        assert.equal(outgoing.body.exchange.json.proxy_address, 'whatsapp:+14155238886');
        const templates = await call({ operation: 'templates', worker: ANN, customerId: 'cust-3' });
        assert.deepEqual(templates.body.problems, []);
        assert.match(JSON.stringify(templates.body.exchange.json), /Hello Ana, this is ann@example\.com/);

        const bad = await call({ operation: 'anything', worker: ANN });
        assert.equal(bad.status, 400);
        assert.equal(bad.body.error.code, 'invalid_request');
        const missing = await call({ operation: 'details', worker: ANN });
        assert.equal(missing.status, 400);
        assert.match(missing.body.error.message, /customerId is required/);

        const workers = await sim.inject({ url: '/api/workers?from=b' });
        assert.deepEqual(workers.json(), { workers: [BEN] });
        const all = await sim.inject({ url: '/api/workers' });
        assert.deepEqual(all.json(), { workers: [ANN, BEN] });
        for (const path of ['/', '/app.js', '/style.css', '/api/target'])
          assert.ok(!(await sim.inject({ url: path })).body.includes(AUTH_TOKEN));
        await sim.close();
      } finally {
        await h.close();
      }
    });
  });
}

describe('simulator password', () => {
  test('beyond loopback it will not start without one; with one, every request needs it', async () => {
    const target = {
      crmUrl: 'http://127.0.0.1:9/callbacks/crm',
      outgoingUrl: undefined,
      templatesUrl: undefined,
    };
    await assert.rejects(
      startSimulator({ target, authToken: AUTH_TOKEN, host: '0.0.0.0', port: 0 }),
      SimulatorRefused,
    );
    const sim = await startSimulator({
      target,
      authToken: AUTH_TOKEN,
      host: '0.0.0.0',
      port: 0,
      password: 'pw-1',
    });
    try {
      const url = `http://127.0.0.1:${(sim.app.server.address() as AddressInfo).port}`;
      const basic = (secret: string) => `Basic ${Buffer.from(`rep:${secret}`).toString('base64')}`;
      const attempts: Record<string, string>[] = [
        {},
        { authorization: basic('pw-2') },
        { authorization: 'Bearer pw-1' },
      ];
      for (const headers of attempts) {
        const refused = await fetch(`${url}/api/target`, { headers });
        assert.equal(refused.status, 401);
        assert.match(refused.headers.get('www-authenticate') ?? '', /^Basic /);
        assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'unauthorized');
      }
      const page = await fetch(`${url}/`, { headers: { authorization: basic('pw-1') } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Frontline simulator/);
    } finally {
      await sim.app.close();
    }
  });
});
