// CHANGELOG.md keeps step with the version `frontline --version` prints: its top released section is package.json's
// version, under an Unreleased section where the next changes gather (Keep a Changelog).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { serviceVersion } from '../src/version.ts';
import { runCli } from './support/run-cli.ts';

const changelog = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8');

test('the top released version in CHANGELOG.md is the version frontline --version prints', async () => {
  const headings = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)];
  assert.equal(headings[0]?.[1], 'Unreleased');
  const released = headings.slice(1);
  assert.ok(released.length > 0, 'a released version');
  assert.match(released[0]?.[2] ?? '', /^\d{4}-\d{2}-\d{2}$/, 'a released version has its date');
  assert.equal(released[0]?.[1], serviceVersion());
  const printed = await runCli(['--version']);
  assert.equal(printed.code, 0, printed.stderr);
  assert.equal(printed.stdout.trim().split(/\s+/).at(-1), serviceVersion());
});
