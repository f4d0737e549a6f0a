// Opt-outs in the directory API, imports, CRM sync writes and `frontline export`, on each store: every read carries
// a channel's opted_out_at; rewriting a customer (PUT, PATCH, an import, a replace, a sync batch) never clears it;
// only an explicit opted_out_at does (a time sets it, null clears it), as a PUT, a PATCH or an import line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { writeBatch } from '../../src/sync/sync-batch.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { messageAdded, OPT_OUT_BOOK, ZOE, ZOE_SMS, ZOE_WHATSAPP } from '../support/opt-out-book.ts';
import { runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';

const WRITER = 'crm';
const T = '2026-03-04T05:06:07.000Z';

for (const store of STORES) {
  describe(`opt-outs in the directory API, imports and export (${store.name})`, () => {
    let h: Harness;
    let url: string;
    let stoppedAt: string;
    before(async () => {
      url = await store.freshUrl();
      h = await harness(OPT_OUT_BOOK, {}, { store, url, apiKeys: { [WRITER]: { readOnly: false } } });
    });
    after(() => h.close());

    const api = (method: 'GET' | 'PUT' | 'PATCH' | 'POST', path: string, body?: unknown, type?: string) =>
      h.app.inject({
        method,
        url: `/api/v1${path}`,
        headers: {
          authorization: `Bearer ${h.keys[WRITER]}`,
          ...(body === undefined ? {} : { 'content-type': type ?? 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    const ok = (response: LightMyRequestResponse) => {
      assert.ok(response.statusCode < 300, response.body);
      return response.json();
    };
    const channelsOf = async (customerId: string) =>
      ok(await api('GET', `/customers/${customerId}`)).channels;
    const stamps = async (customerId: string) =>
      (await channelsOf(customerId)).map(
        (channel: { opted_out_at?: string }) => channel.opted_out_at ?? null,
      );

    test('GET of a customer and the list carry opted_out_at on the channel that opted out', async () => {
      await h.post('/callbacks/conversations', messageAdded(ZOE_SMS, 'STOP'));
      const channels = await channelsOf('z1');
      stoppedAt = channels[0].opted_out_at;
      assert.match(stoppedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.deepEqual(channels.slice(1), ZOE.channels?.slice(1));
      const list = ok(await api('GET', '/customers?limit=10')).customers;
      assert.deepEqual(
        list.map((record: { customer_id: string; channels: { opted_out_at?: string }[] }) => [
          record.customer_id,
          record.channels.map((channel) => channel.opted_out_at ?? null),
        ]),
        [
          ['s1', [null]],
          ['z1', [stoppedAt, null, null]],
          ['z2', [stoppedAt]],
        ],
      );
    });

    test('PUT, PATCH, an import, a replace and a CRM sync batch that rewrite the customer do not clear it', async () => {
      ok(await api('PUT', '/customers/z1', { ...ZOE, display_name: 'Zoë M.' }));
      ok(await api('PATCH', '/customers/z1', { channels: ZOE.channels }, 'application/merge-patch+json'));
      const lines = OPT_OUT_BOOK.map((record) => JSON.stringify(record)).join('\n');
      ok(await api('POST', '/imports', lines, 'application/x-ndjson'));
      ok(await api('POST', '/imports?mode=replace&force=true', lines, 'application/x-ndjson'));
      await writeBatch(h.store, [{ ...ZOE, display_name: 'Zoë from the CRM' }], []);
      assert.deepEqual(await stamps('z1'), [stoppedAt, null, null]);
      assert.deepEqual(await stamps('z2'), [stoppedAt]);
    });

    test('an explicit opted_out_at sets or clears it: PUT, PATCH and an import line', async () => {
      const channels = [
        { type: 'sms', value: ZOE_SMS, opted_out_at: null },
        { type: 'whatsapp', value: ZOE_WHATSAPP, opted_out_at: T },
      ];
      const put = ok(await api('PUT', '/customers/z1', { ...ZOE, channels }));
      assert.deepEqual(put.channels, [{ type: 'sms', value: ZOE_SMS }, { ...channels[1] }]);
      assert.deepEqual(await stamps('z2'), [null], 'the address is cleared for every customer who has it');
      const patch = { channels: [{ type: 'sms', value: ZOE_SMS, opted_out_at: T }] };
      ok(await api('PATCH', '/customers/z2', patch, 'application/merge-patch+json'));
      assert.deepEqual(await stamps('z1'), [T, T]);
      const line = { ...ZOE, channels: [{ type: 'whatsapp', value: ZOE_WHATSAPP, opted_out_at: null }] };
      ok(await api('POST', '/imports', JSON.stringify(line), 'application/x-ndjson'));
      assert.deepEqual(await stamps('z1'), [null]);
      assert.deepEqual(await stamps('z2'), [T]);
    });

    test('a bad opted_out_at is a 400 naming it, and nothing is written', async () => {
      for (const bad of ['yesterday', '2026-13-45T00:00:00Z', 17, true]) {
        const body = {
          ...ZOE,
          display_name: 'Never',
          channels: [{ type: 'sms', value: ZOE_SMS, opted_out_at: bad }],
        };
        const response = await api('PUT', '/customers/z1', body);
        assert.equal(response.statusCode, 400, String(bad));
        assert.equal(response.json().error.code, 'invalid_record');
        assert.deepEqual(
          response.json().error.details.map((detail: { path: string }) => detail.path),
          ['channels[0].opted_out_at'],
        );
      }
      assert.equal(ok(await api('GET', '/customers/z1')).display_name, ZOE.display_name);
      assert.deepEqual(await stamps('z2'), [T]);
    });

    test('`frontline export` carries opted_out_at, and importing the export restores it', async () => {
      const exported = await runCli(['export'], { DATABASE_URL: url });
      assert.equal(exported.code, 0, exported.stderr);
      const records = exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(records.find((record) => record.customer_id === 'z2').channels, [
        { type: 'sms', value: ZOE_SMS, opted_out_at: T },
      ]);
      const copy = await store.freshUrl();
      const imported = await runCli(
        ['import', '-', '--format', 'ndjson'],
        { DATABASE_URL: copy },
        exported.stdout,
      );
      assert.equal(imported.code, 0, imported.stderr);
      const again = await runCli(['export'], { DATABASE_URL: copy });
      assert.equal(again.stdout, exported.stdout);
    });
  });
}
