// `frontline sync salesforce` as a user runs it: the real command in a child process, against the fake Salesforce
// (JWT bearer flow, a key file on disk), on each store; and its settings' one-line errors.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSalesforceConfig } from '../../src/sync/sync-config.ts';
import { FakeSalesforce, jwtKeys, SF_CLIENT_ID, SF_USERNAME } from '../support/fake-salesforce.ts';
import { runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir('frontline-sync-salesforce-');
const KEYS = jwtKeys();
const KEY_FILE = join(dir, 'server.key');
writeFileSync(KEY_FILE, KEYS.privatePem);

describe('Salesforce settings', () => {
  it('are off when neither way is set, and take the access token or the JWT flow', () => {
    assert.equal(loadSalesforceConfig({}), null);
    assert.deepEqual(
      loadSalesforceConfig({
        SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com/',
        SALESFORCE_ACCESS_TOKEN: ' 00D!tok ',
      }),
      { kind: 'token', instanceUrl: 'https://acme.my.salesforce.com', accessToken: '00D!tok' },
    );
    const jwt = loadSalesforceConfig({
      SALESFORCE_CLIENT_ID: 'id',
      SALESFORCE_USERNAME: 'u@example.com',
      SALESFORCE_PRIVATE_KEY_FILE: KEY_FILE,
    });
    assert.equal(jwt?.kind, 'jwt');
    assert.equal(jwt?.kind === 'jwt' ? jwt.loginUrl : '', 'https://login.salesforce.com');
  });

  it('name the variable that is wrong, never echoing a token or a key', () => {
    assert.throws(() => loadSalesforceConfig({ SALESFORCE_ACCESS_TOKEN: 'tok' }), {
      message: 'SALESFORCE_INSTANCE_URL must be set with SALESFORCE_ACCESS_TOKEN (your My Domain URL)',
    });
    assert.throws(
      () => loadSalesforceConfig({ SALESFORCE_ACCESS_TOKEN: 'a b', SALESFORCE_INSTANCE_URL: 'x' }),
      {
        message: 'SALESFORCE_ACCESS_TOKEN must be one token, without spaces',
      },
    );
    assert.throws(
      () => loadSalesforceConfig({ SALESFORCE_CLIENT_ID: 'id', SALESFORCE_PRIVATE_KEY_FILE: KEY_FILE }),
      {
        message:
          'SALESFORCE_USERNAME must be set for the JWT bearer flow (with SALESFORCE_CLIENT_ID, SALESFORCE_PRIVATE_KEY_FILE)',
      },
    );
    const jwt = { SALESFORCE_CLIENT_ID: 'id', SALESFORCE_USERNAME: 'u@example.com' };
    assert.throws(
      () => loadSalesforceConfig({ ...jwt, SALESFORCE_PRIVATE_KEY_FILE: join(dir, 'none.key') }),
      {
        message: `SALESFORCE_PRIVATE_KEY_FILE ${join(dir, 'none.key')} cannot be read (ENOENT)`,
      },
    );
    const notKey = join(dir, 'cert.pem');
    writeFileSync(notKey, 'not a key\n');
    assert.throws(() => loadSalesforceConfig({ ...jwt, SALESFORCE_PRIVATE_KEY_FILE: notKey }), {
      message: `SALESFORCE_PRIVATE_KEY_FILE ${notKey} is not a PEM private key (unencrypted, RSA)`,
    });
    assert.throws(
      () =>
        loadSalesforceConfig({
          ...jwt,
          SALESFORCE_PRIVATE_KEY_FILE: KEY_FILE,
          SALESFORCE_LOGIN_URL: 'ftp://x',
        }),
      { message: 'SALESFORCE_LOGIN_URL must be an absolute http(s) URL (got "ftp://x")' },
    );
  });
});

for (const adapter of STORES) {
  describe(`frontline sync salesforce (${adapter.name})`, () => {
    let fake: FakeSalesforce;
    before(async () => {
      fake = await new FakeSalesforce(KEYS.publicKey).start();
      fake.addUser(1, 'ana@example.com');
      for (let n = 1; n <= 150; n++)
        fake.put('Contact', n, { FirstName: `F${n}`, OwnerId: FakeSalesforce.id('User', 1) });
    });
    after(() => fake.stop());

    const env = async () => ({
      DATABASE_URL: await adapter.freshUrl(),
      SALESFORCE_LOGIN_URL: fake.url,
      SALESFORCE_CLIENT_ID: SF_CLIENT_ID,
      SALESFORCE_USERNAME: SF_USERNAME,
      SALESFORCE_PRIVATE_KEY_FILE: KEY_FILE,
    });

    it('copies the contacts once and prints one summary line; the next run finds little to do', async () => {
      const settings = await env();
      const first = await runCli(['sync', 'salesforce', '--once'], settings);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /^sync salesforce: 150 written, 0 deleted, 0 skipped in \d+\.\d s\n$/);
      const second = await runCli(['sync', 'salesforce', '--once'], settings);
      // The checkpoint's second is read again (contacts 148 to 150 share it).
      assert.match(second.stderr, /^sync salesforce: 3 written, 0 deleted, 0 skipped in \d+\.\d s\n$/);
      const full = await runCli(['sync', 'salesforce', '--once', '--full'], settings);
      assert.match(full.stderr, /^sync salesforce --full: 150 written, 0 deleted, 0 skipped in \d+\.\d s\n$/);
      const exported = await runCli(['export'], settings);
      assert.equal(exported.stdout.trim().split('\n').length, 150);
    });

    it('refuses to start unset, with a bad mapping file, or with a wrong consumer key, in one line', async () => {
      const url = await adapter.freshUrl();
      const unset = await runCli(['sync', 'salesforce', '--once'], { DATABASE_URL: url });
      assert.equal(unset.code, 1);
      assert.equal(
        unset.stderr,
        'frontline sync: Salesforce is not set up: set SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and ' +
          'SALESFORCE_PRIVATE_KEY_FILE (JWT bearer flow), or SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN\n',
      );
      const mapping = join(dir, 'bad.yaml');
      writeFileSync(mapping, 'salesforce:\n  phones: [Phone]\n');
      const badMapping = await runCli(['sync', 'salesforce', '--once'], {
        ...(await env()),
        SYNC_MAPPING_FILE: mapping,
      });
      assert.equal(badMapping.code, 1);
      assert.match(
        badMapping.stderr,
        /^frontline sync: configuration: SYNC_MAPPING_FILE .*bad\.yaml: unknown field "salesforce\.phones"\n$/,
      );
      const wrongKey = await runCli(['sync', 'salesforce', '--once'], {
        ...(await env()),
        SALESFORCE_CLIENT_ID: 'not-the-app',
      });
      assert.equal(wrongKey.code, 1);
      assert.equal(
        wrongKey.stderr,
        'frontline sync: Salesforce refused the JWT sign-in (invalid_client_id: client identifier invalid): ' +
          'set SALESFORCE_CLIENT_ID to the Connected App consumer key\n',
      );
    });
  });
}
