// `frontline api-key create|list|revoke` in a child process, on each store of test/support/stores.ts (a SQLite file
// or a PostgreSQL DATABASE_URL), with the key it prints tried on the API key hook of an app that shares that store,
// as another process (`frontline serve`) would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashApiKey, isApiKeyShape } from '../../src/api/api-keys.ts';
import type { CustomerStore } from '../../src/directory/customer-store.ts';
import { expectRefused, HOW_TO, type TestApi, testApi } from '../support/api-key-app.ts';
import { runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';

const KEY_LINE = /^(fl_[A-Za-z0-9_-]{43})\n$/;
const TABLE_HEAD = /^NAME +CREATED +LAST USED +READ-ONLY\n/;

for (const adapter of STORES) {
  describe(`frontline api-key (${adapter.name})`, () => {
    let env: Record<string, string>;
    let store: CustomerStore;
    let api: TestApi;
    before(async () => {
      env = { DATABASE_URL: await adapter.freshUrl() };
      store = await adapter.open({ url: env.DATABASE_URL });
      api = await testApi(store);
    });
    after(() => api.app.close());

    const cli = (...args: string[]) => runCli(['api-key', ...args], env);
    const created = async (...args: string[]) => {
      const result = await cli('create', ...args);
      assert.equal(result.code, 0, result.stderr);
      const key = KEY_LINE.exec(result.stdout)?.[1];
      assert.ok(key !== undefined && isApiKeyShape(key), `stdout is the key alone: ${result.stdout}`);
      return { key, stderr: result.stderr };
    };
    const get = (key: string) => api.call('GET', '/api/v1/customers', `Bearer ${key}`);

    it('before any key: list says how to create one, and the API answers 401 with the same how-to', async () => {
      const listed = await cli('list');
      assert.equal(listed.code, 0, listed.stderr);
      assert.equal(listed.stdout, '');
      assert.equal(listed.stderr, 'no API keys (create one with: frontline api-key create NAME)\n');
      expectRefused(await api.call('GET', '/api/v1/customers'), 401, HOW_TO);
    });

    it('create prints a key once that opens the API; list shows it without the key; revoke closes it', async () => {
      const { key, stderr } = await created('crm.hubspot');
      assert.equal(
        stderr,
        'created API key "crm.hubspot": store it now, it will not be shown again (send it as Authorization: Bearer <key>)\n',
      );
      const opened = await get(key);
      assert.equal(opened.statusCode, 200, opened.body);
      assert.deepEqual(opened.json(), { apiKey: { name: 'crm.hubspot', readOnly: false } });
      assert.equal((await api.call('PUT', '/api/v1/customers/c1', `Bearer ${key}`)).statusCode, 200);

      const listed = await cli('list');
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, TABLE_HEAD);
      assert.match(
        listed.stdout,
        /\ncrm\.hubspot +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +2026-12-01T09:00:00Z +no\n$/,
      );
      for (const secret of [key, key.slice(3), hashApiKey(key)]) {
        assert.ok(
          !`${listed.stdout}${listed.stderr}`.includes(secret),
          'list shows neither the key nor its hash',
        );
      }

      const revoked = await cli('revoke', 'crm.hubspot');
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal(revoked.stderr, 'revoked API key "crm.hubspot": no instance accepts it any more\n');
      expectRefused(await get(key), 401, HOW_TO);
    });

    it('a --read-only key reads and gets 403 on a write; a refused name or duplicate writes nothing', async () => {
      const { key, stderr } = await created('reader', '--read-only');
      assert.match(stderr, /^created read-only API key "reader": store it now, it will not be shown again/);
      assert.deepEqual((await get(key)).json(), { apiKey: { name: 'reader', readOnly: true } });
      expectRefused(
        await api.call('DELETE', '/api/v1/customers/c1', `Bearer ${key}`),
        403,
        'The API key "reader" is read-only: it may GET, but not DELETE',
      );

      const duplicate = await cli('create', 'reader');
      assert.equal(duplicate.code, 1);
      assert.equal(duplicate.stdout, '');
      assert.equal(
        duplicate.stderr,
        'frontline api-key create: An API key named "reader" already exists: choose another name, or revoke that key first\n',
      );
      const badName = await cli('create', 'my key');
      assert.equal(badName.code, 1);
      assert.equal(badName.stdout, '');
      assert.equal(
        badName.stderr,
        'frontline api-key create: An API key\'s name is 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" and "-", not "my key"\n',
      );
      assert.deepEqual(
        (await store.apiKeys.list()).map(({ name, readOnly }) => ({ name, readOnly })),
        [{ name: 'reader', readOnly: true }],
      );
      assert.equal((await get(key)).statusCode, 200, 'the first "reader" still opens the API');
    });

    it('revoke of an unknown name: exit 1 and a message; a missing NAME is a usage error', async () => {
      const unknown = await cli('revoke', 'nobody');
      assert.equal(unknown.code, 1);
      assert.equal(
        unknown.stderr,
        'frontline api-key revoke: no API key is named "nobody" (see: frontline api-key list)\n',
      );
      const missing = await cli('create');
      assert.equal(missing.code, 2);
      assert.equal(
        missing.stderr,
        'frontline api-key create: api-key create takes one NAME (see: frontline help)\n',
      );
    });
  });
}

describe('frontline api-key --help', () => {
  it('each subcommand has its usage, and help lists them; api-key alone says which there are', async () => {
    const create = await runCli(['api-key', 'create', '--help']);
    assert.equal(create.code, 0);
    assert.match(
      create.stdout,
      /^Usage: frontline api-key create NAME\n\nCreate a key for the directory API/,
    );
    assert.match(create.stdout, /--read-only/);
    for (const [command, synopsis] of [
      ['list', ''],
      ['revoke', ' NAME'],
    ]) {
      const help = await runCli(['api-key', command as string, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: frontline api-key ${command}${synopsis}\\n`));
    }
    const help = await runCli(['help']);
    for (const line of ['api-key create NAME', 'api-key list', 'api-key revoke NAME'])
      assert.match(help.stdout, new RegExp(`\\n  ${line} +[A-Z]`));
    const alone = await runCli(['api-key']);
    assert.equal(alone.code, 2);
    assert.equal(
      alone.stderr,
      'frontline api-key: say which: api-key create, api-key list, api-key revoke (see: frontline help)\n',
    );
  });
});
