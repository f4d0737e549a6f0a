import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();

function assertOneLineError(result: { code: number | null; stderr: string }, code: number, pattern: RegExp) {
  assert.equal(result.code, code, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  assert.match(result.stderr, pattern);
}

describe('the frontline command fails in one line', () => {
  test('unknown command, bad option, bad value', async () => {
    assertOneLineError(await runCli(['frobnicate']), 2, /unknown command "frobnicate"/);
    assertOneLineError(await runCli(['import', '--nope', 'x.csv']), 2, /--nope/);
    assertOneLineError(
      await runCli(['demo-data', '--customers', 'many']),
      2,
      /--customers must be a whole number/,
    );
    assertOneLineError(
      await runCli(['import', 'a.csv', '--format', 'xml']),
      2,
      /--format must be ndjson or csv/,
    );
    assertOneLineError(await runCli(['import']), 2, /import takes one FILE/);
    assertOneLineError(
      await runCli(['import', 'a.csv', '--encoding', 'ebcdic']),
      2,
      /--encoding must be one of utf-8, utf-16le, utf-16be, windows-1252, latin1/,
    );
    assertOneLineError(
      await runCli(['import', 'a.csv', '--delimiter', '|']),
      2,
      /--delimiter must be ',', ';' or tab/,
    );
    for (const value of ['-1', 'all', '1.5'])
      assertOneLineError(
        await runCli(['import', 'a.csv', `--max-errors=${value}`]),
        2,
        /--max-errors must be a whole number \(0 or more\)/,
      );
  });

  test('a missing file', async () => {
    const result = await runCli(['import', join(dir, 'missing.ndjson')], { DATABASE_URL: join(dir, 'm.db') });
    assertOneLineError(result, 1, /missing\.ndjson/);
  });

  test('a database that is not a database, or cannot be opened', async () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not sqlite '.repeat(500));
    assertOneLineError(await runCli(['export'], { DATABASE_URL: garbage }), 1, /^frontline export: /);
    const folder = join(dir, 'a-folder.db');
    mkdirSync(folder);
    assertOneLineError(await runCli(['export'], { DATABASE_URL: folder }), 1, /^frontline export: /);
  });

  test('a bad setting names the variable', async () => {
    assertOneLineError(await runCli(['export'], { PORT: 'x' }), 1, /configuration: PORT must be/);
    assertOneLineError(
      await runCli(['serve'], { DATABASE_URL: join(dir, 's.db') }),
      1,
      /TWILIO_AUTH_TOKEN is required/,
    );
  });

  test('every command has its own --help, and --version prints the version; both exit 0', async () => {
    for (const command of [
      'serve',
      'demo',
      'import',
      'import-workers',
      'export',
      'migrate',
      'demo-data',
      'sign',
    ]) {
      const result = await runCli([command, '--help']);
      assert.equal(result.code, 0, `${command} --help: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`^Usage: frontline ${command}\\b`));
      assert.equal(result.stderr, '');
    }
    const importHelp = await runCli(['import', 'some-file.csv', '-h']);
    assert.equal(importHelp.code, 0);
    for (const option of [
      '--format',
      '--skip-invalid',
      '--max-errors',
      '--replace',
      '--dry-run',
      '--max-remove',
      '--force',
      '--encoding',
      '--delimiter',
    ])
      assert.ok(importHelp.stdout.includes(option));
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag]);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `frontline ${version}\n`);
    }
  });

  test('help lists every command', async () => {
    const result = await runCli(['help']);
    assert.equal(result.code, 0);
    for (const command of [
      'serve',
      'demo',
      'import',
      'import-workers',
      'export',
      'demo-data',
      'sign',
      'simulator',
    ])
      assert.match(result.stdout, new RegExp(`\\n  ${command}`));
  });
});

describe('frontline sign', () => {
  test('prints the signature twilio computes', async () => {
    const url = 'https://crm.example.com/callbacks/crm';
    const result = await runCli(
      ['sign', url, '--param', 'Location=GetCustomersList', '--param', 'Worker=a@b.c'],
      {
        TWILIO_AUTH_TOKEN: 'tok',
      },
    );
    assert.equal(result.code, 0, result.stderr);
    const expected = twilioWebhooks.getExpectedTwilioSignature('tok', url, {
      Location: 'GetCustomersList',
      Worker: 'a@b.c',
    });
    assert.equal(result.stdout, `${expected}\n`);
  });

  test('needs the token and a URL', async () => {
    assertOneLineError(await runCli(['sign', 'https://x.example.com/']), 1, /TWILIO_AUTH_TOKEN must be set/);
    assertOneLineError(await runCli(['sign'], { TWILIO_AUTH_TOKEN: 't' }), 2, /sign takes one URL/);
  });
});
