// The real `frontline check` command in a child process against the fixture: the table, --json, the exit codes
// (0 clean, 1 on a failed check, 2 on a usage error) and the token kept out of everything it prints.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkCommand } from '../../src/cli/check.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import {
  type FaultyIntegration,
  FIXTURE_WORKERS,
  startFaultyIntegration,
} from '../support/faulty-integration.ts';
import { runCli } from '../support/run-cli.ts';

const TOKEN = 'cli-fixture-token-5f1e0c2b9a';
const [ANN, BEN] = FIXTURE_WORKERS;
const workers = ['--worker', ANN, '--worker', BEN];

describe('frontline check (the command)', () => {
  let clean: FaultyIntegration;
  let unsigned: FaultyIntegration;
  before(async () => {
    clean = await startFaultyIntegration({ authToken: TOKEN });
    unsigned = await startFaultyIntegration({ authToken: TOKEN, fault: 'no-signature' });
  });
  after(async () => {
    await clean.close();
    await unsigned.close();
  });

  test('a clean integration: a table of passes, exit 0, the token from TWILIO_AUTH_TOKEN never printed', async () => {
    const args = ['check', clean.crmUrl, ...workers, '--templates-url', clean.templatesUrl];
    const result = await runCli(args, { TWILIO_AUTH_TOKEN: TOKEN });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^frontline check http:\/\/127\.0\.0\.1:\d+\/crm as ann@example\.com, ben@example\.com$/m,
    );
    assert.match(result.stdout, /^list\.crawl-anchor +PASS +40 customers in 3 pages, each once, ended$/m);
    assert.match(result.stdout, /^templates +PASS /m);
    assert.doesNotMatch(result.stdout, /^outgoing /m);
    assert.match(result.stdout, /^17 pass, 0 warn, 0 fail: \d+ requests in [\d.]+ s; slowest \d+ ms \(/m);
    assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN));
  });

  test('a failed check: exit 1, and --json says which, with --auth-token never echoed', async () => {
    const result = await runCli(['check', unsigned.crmUrl, ...workers, '--auth-token', TOKEN, '--json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as {
      exitCode: number;
      checks: { name: string; outcome: string; saw: string }[];
    };
    assert.equal(report.exitCode, 1);
    const failed = report.checks.filter((check) => check.outcome === 'fail');
    assert.deepEqual(
      failed.map((check) => check.name),
      ['signature'],
    );
    assert.match(
      failed[0]?.saw ?? '',
      /^unsigned: answered 200; another token: answered 200; changed body: answered 200$/,
    );
    assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN));
  });

  test('an integration that does not answer: every check that needs it fails, exit 1, no crash', async () => {
    const gone = await startFaultyIntegration({ authToken: TOKEN });
    await gone.close();
    const result = await runCli(['check', gone.crmUrl, '--worker', ANN], { TWILIO_AUTH_TOKEN: TOKEN });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^list\.shape +FAIL +the first page: the connection failed/m);
    assert.match(result.stdout, /^isolation +WARN +not run: give two --worker identities$/m);
    assert.equal(result.stderr, '');
  });

  test('check --help prints its usage and options, and help lists it', async () => {
    const usage = await runCli(['check', '--help']);
    assert.equal(usage.code, 0);
    assert.match(usage.stdout, /^Usage: frontline check URL --worker ID \.\.\./);
    for (const option of [
      '--worker',
      '--auth-token',
      '--outgoing-url',
      '--templates-url',
      '--json',
      '--timeout-ms',
      '--max-customers',
    ])
      assert.ok(usage.stdout.includes(option), option);
    assert.match(
      (await runCli(['help'])).stdout,
      /\n {2}check URL --worker ID \.\.\. +Check a Frontline integration/,
    );
  });

  test('a usage error: one line on stderr, exit 2, nothing on stdout', async () => {
    const result = await runCli(['check', 'http://127.0.0.1:9/crm', '--worker', ANN]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'frontline check: check needs --auth-token or TWILIO_AUTH_TOKEN to sign with (see: frontline help)\n',
    );
  });

  // The rest in this process: a child costs seconds on a busy machine, and main() prints them all the same way.
  for (const [args, message] of [
    [[], /check takes one URL/],
    [['--worker', ANN], /check takes one URL/],
    [['ftp://example.com/crm', '--worker', ANN], /"ftp:\/\/example\.com\/crm" is not an http\(s\) URL/],
    [['http://127.0.0.1:9/crm', '--auth-token', TOKEN], /at least one --worker/],
    [
      ['http://127.0.0.1:9/crm', '--worker', ANN, '--auth-token', TOKEN, '--timeout-ms', '0'],
      /--timeout-ms must be/,
    ],
    [
      ['http://127.0.0.1:9/crm', '--worker', ANN, '--auth-token', TOKEN, '--outgoing-url', 'x'],
      /--outgoing-url "x"/,
    ],
    [['http://127.0.0.1:9/crm', '--worker', ANN, '--bogus'], /Unknown option '--bogus'/],
  ] as const) {
    test(`usage error, exit 2: ${message.source}`, async () => {
      await assert.rejects(checkCommand([...args]), (error: unknown) => {
        assert.ok(error instanceof CliError);
        const { exitCode, message: text } = error;
        assert.equal(exitCode, 2);
        assert.match(text, message);
        assert.ok(!text.includes(TOKEN));
        return true;
      });
    });
  }
});
