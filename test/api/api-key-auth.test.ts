// The /api/v1 door (src/api/api-key-auth.ts) on a small Fastify app with the service's own error handlers, over each
// real store of test/support/stores.ts: missing, malformed, unknown, revoked and read-only keys, the exempt OpenAPI
// route, the request's apiKey, the throttled record of use, and logs that never hold a key or its hash.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey, hashApiKey } from '../../src/api/api-keys.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { expectRefused, HOW_TO, START, type TestApi, testApi } from '../support/api-key-app.ts';
import { SQLITE, STORES } from '../support/stores.ts';

for (const adapter of STORES) {
  describe(`API key hook (${adapter.name})`, () => {
    let store: CustomerStore;
    let api: TestApi;
    before(async () => {
      store = await adapter.open();
      api = await testApi(store);
    });
    after(() => api.app.close());

    const bearer = (key: string) => `Bearer ${key}`;
    const lastUsed = async (name: string) =>
      (await store.apiKeys.list()).find((key) => key.name === name)?.lastUsedAt;

    it('with no key at all, every request is a 401 that says how to create one', async () => {
      expectRefused(await api.call('GET', '/api/v1/customers'), 401, HOW_TO);
      expectRefused(await api.call('GET', '/api/v1/customers', bearer(`fl_${'a'.repeat(43)}`)), 401, HOW_TO);
      expectRefused(await api.call('PUT', '/api/v1/customers/c1', 'Basic dXNlcjpwdw=='), 401, HOW_TO);
    });

    it('the OpenAPI document needs no key; a route outside /api/v1 never sees one', async () => {
      const open = await api.call('GET', '/api/v1/openapi.json');
      assert.equal(open.statusCode, 200);
      assert.deepEqual(open.json(), { openapi: '3.1.0' });
      assert.equal((await api.call('GET', '/api/v1/openapi.json', 'Bearer nonsense')).statusCode, 200);
      const outside = await api.call('GET', '/outside', bearer(`fl_${'a'.repeat(43)}`));
      assert.deepEqual(outside.json(), { apiKey: null });
    });

    it('lets a valid key in and names it on the request; refuses missing, malformed and unknown keys', async () => {
      const { key } = await createApiKey(store.apiKeys, { name: 'crm', readOnly: false });
      const ok = await api.call('GET', '/api/v1/customers', bearer(key));
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json(), { apiKey: { name: 'crm', readOnly: false } });
      assert.equal((await api.call('GET', '/api/v1/customers', `bearer  ${key}`)).statusCode, 200);
      expectRefused(
        await api.call('GET', '/api/v1/customers'),
        401,
        'This API needs an API key, as Authorization: Bearer <key>',
      );
      const malformed = /^The Authorization header is not Bearer <key> with a key of this service/;
      for (const header of [
        'Basic dXNlcjpwdw==',
        'Bearer',
        `Bearer ${key} extra`,
        `Token ${key}`,
        `Bearer ${key}x`,
      ]) {
        expectRefused(await api.call('GET', '/api/v1/customers', header), 401, malformed);
      }
      const unknown = `fl_${'b'.repeat(43)}`;
      expectRefused(
        await api.call('DELETE', '/api/v1/customers/c1', bearer(unknown)),
        401,
        'This API key is not valid: unknown, or revoked',
      );
    });

    it('a read-only key reads, and any write with it is a 403', async () => {
      const { key } = await createApiKey(store.apiKeys, { name: 'reader', readOnly: true });
      const read = await api.call('GET', '/api/v1/customers', bearer(key));
      assert.deepEqual(read.json(), { apiKey: { name: 'reader', readOnly: true } });
      assert.equal((await api.call('HEAD', '/api/v1/customers', bearer(key))).statusCode, 200);
      for (const [method, path] of [
        ['PUT', '/api/v1/customers/c1'],
        ['PATCH', '/api/v1/customers/c1'],
        ['DELETE', '/api/v1/customers/c1'],
        ['POST', '/api/v1/imports'],
      ] as const) {
        expectRefused(
          await api.call(method, path, bearer(key)),
          403,
          `The API key "reader" is read-only: it may GET, but not ${method}`,
        );
      }
      const { key: writer } = await createApiKey(store.apiKeys, { name: 'writer', readOnly: false });
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        assert.equal((await api.call(method, '/api/v1/customers/c1', bearer(writer))).statusCode, 200);
      }
      assert.equal((await api.call('POST', '/api/v1/imports', bearer(writer))).statusCode, 200);
    });

    it('a revoked key is refused from the next request on', async () => {
      const { key } = await createApiKey(store.apiKeys, { name: 'revoked-soon', readOnly: false });
      assert.equal((await api.call('GET', '/api/v1/customers', bearer(key))).statusCode, 200);
      assert.equal(await store.apiKeys.revoke('revoked-soon'), true);
      expectRefused(
        await api.call('GET', '/api/v1/customers', bearer(key)),
        401,
        'This API key is not valid: unknown, or revoked',
      );
    });

    it('records a key’s use at most once a minute per process', async () => {
      const { key } = await createApiKey(store.apiKeys, { name: 'busy', readOnly: false });
      const at = (seconds: number) => new Date(START.getTime() + seconds * 1000);
      const request = async (seconds: number) => {
        api.setNow(at(seconds));
        assert.equal((await api.call('GET', '/api/v1/customers', bearer(key))).statusCode, 200);
      };
      assert.equal(await lastUsed('busy'), null);
      await request(0);
      assert.deepEqual(await lastUsed('busy'), at(0));
      await request(30);
      await request(59);
      assert.deepEqual(await lastUsed('busy'), at(0), 'two uses within the minute wrote nothing');
      await request(61);
      assert.deepEqual(await lastUsed('busy'), at(61));
    });

    it('logs neither a key nor its hash, whatever the outcome', async () => {
      const { key } = await createApiKey(store.apiKeys, { name: 'quiet', readOnly: true });
      api.logs.length = 0;
      await api.call('GET', '/api/v1/customers', bearer(key));
      await api.call('PUT', '/api/v1/customers/c1', bearer(key));
      await api.call('GET', '/api/v1/customers', bearer(`${key}x`));
      await store.apiKeys.revoke('quiet');
      await api.call('GET', '/api/v1/customers', bearer(key));
      const logged = api.logs.join('');
      assert.ok(api.logs.length > 0, 'the refusals are logged');
      assert.ok(!logged.includes(key.slice(3)), 'no key in the logs');
      assert.ok(!logged.includes(hashApiKey(key)), 'no hash in the logs');
    });
  });
}

describe('API key hook (sqlite): a use that cannot be recorded', () => {
  it('lets the request in and logs a warning with the key name when an import holds the write lock', async () => {
    const store = await SQLITE.open();
    const api = await testApi(store);
    try {
      const { key } = await createApiKey(store.apiKeys, { name: 'during-import', readOnly: false });
      const session = await store.beginImport();
      try {
        const response = await api.call('GET', '/api/v1/customers', `Bearer ${key}`);
        assert.equal(response.statusCode, 200, response.body);
      } finally {
        await session.rollback();
      }
      const warnings = api.logs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === 'could not record the API key use');
      assert.deepEqual(
        warnings.map(({ apiKey, code }) => ({ apiKey, code })),
        [{ apiKey: 'during-import', code: 'store_unavailable' }],
      );
      assert.equal((await store.apiKeys.list())[0]?.lastUsedAt, null);
    } finally {
      await api.app.close();
    }
  });
});
