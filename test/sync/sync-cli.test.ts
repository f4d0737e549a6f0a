// `frontline sync` as a user runs it: the real command in a child process, against the fake HubSpot, on each store.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSyncConfig } from '../../src/sync/sync-config.ts';
import { FakeHubspot, HUBSPOT_TOKEN } from '../support/fake-hubspot.ts';
import { runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir('frontline-sync-cli-');

describe('sync settings', () => {
  it('are off without a token, and default to HubSpot API host', () => {
    assert.deepEqual(loadSyncConfig({}), { hubspot: null, mappingFile: undefined });
    assert.deepEqual(loadSyncConfig({ HUBSPOT_ACCESS_TOKEN: ' pat-1 ', SYNC_MAPPING_FILE: 'm.yaml' }), {
      hubspot: { accessToken: 'pat-1', baseUrl: 'https://api.hubapi.com' },
      mappingFile: 'm.yaml',
    });
    assert.equal(
      loadSyncConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-1', HUBSPOT_BASE_URL: 'http://127.0.0.1:9/' }).hubspot
        ?.baseUrl,
      'http://127.0.0.1:9',
    );
  });

  it('name the variable that is wrong, never echoing the token', () => {
    assert.throws(() => loadSyncConfig({ HUBSPOT_ACCESS_TOKEN: 'pat 1' }), {
      message: 'HUBSPOT_ACCESS_TOKEN must be one token, without spaces',
    });
    assert.throws(() => loadSyncConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-1', HUBSPOT_BASE_URL: 'ftp://x' }), {
      message: 'HUBSPOT_BASE_URL must be an absolute http(s) URL (got "ftp://x")',
    });
  });
});

for (const adapter of STORES) {
  describe(`frontline sync hubspot (${adapter.name})`, () => {
    let fake: FakeHubspot;
    before(async () => {
      fake = await new FakeHubspot().start();
      fake.addOwner('1', 'ana@example.com');
      for (let n = 1; n <= 150; n++) fake.put(String(n), { firstname: `F${n}`, hubspot_owner_id: '1' });
    });
    after(() => fake.stop());

    it('copies the contacts once and prints one summary line; the next run finds little to do', async () => {
      const env = {
        DATABASE_URL: await adapter.freshUrl(),
        HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN,
        HUBSPOT_BASE_URL: fake.url,
      };
      const first = await runCli(['sync', 'hubspot', '--once'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /^sync hubspot: 150 written, 0 deleted, 0 skipped in \d+\.\d s\n$/);
      const second = await runCli(['sync', 'hubspot', '--once'], env);
      assert.match(second.stderr, /^sync hubspot: 1 written, 0 deleted, 0 skipped in \d+\.\d s\n$/);
      const exported = await runCli(['export'], env);
      assert.equal(exported.stdout.trim().split('\n').length, 150);
    });

    it('refuses to start without a token, with a bad mapping file, or without --once, in one line', async () => {
      const url = await adapter.freshUrl();
      const noToken = await runCli(['sync', 'hubspot', '--once'], { DATABASE_URL: url });
      assert.equal(noToken.code, 1);
      assert.equal(
        noToken.stderr,
        'frontline sync: HUBSPOT_ACCESS_TOKEN is not set: create a HubSpot private app and set its access token\n',
      );
      const mapping = join(dir, 'bad.yaml');
      writeFileSync(mapping, 'hubspot:\n  phones: [phone]\n');
      const badMapping = await runCli(['sync', 'hubspot', '--once'], {
        DATABASE_URL: url,
        HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN,
        HUBSPOT_BASE_URL: fake.url,
        SYNC_MAPPING_FILE: mapping,
      });
      assert.equal(badMapping.code, 1);
      assert.match(
        badMapping.stderr,
        /^frontline sync: configuration: SYNC_MAPPING_FILE .*bad\.yaml: unknown field "hubspot\.phones"\n$/,
      );
      const noOnce = await runCli(['sync', 'hubspot'], { DATABASE_URL: url });
      assert.equal(noOnce.code, 2);
      assert.match(noOnce.stderr, /needs one of --once/);
    });
  });
}
