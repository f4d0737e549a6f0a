// UNKNOWN_CUSTOMERS and CRM_ALLOW_CREATE: off unless set, and any other value stops the start naming the variable.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { runCli } from './support/run-cli.ts';

describe('settings of customers created from Frontline', () => {
  test('by default nobody but the CRM adds customers', () => {
    assert.deepEqual(loadConfig({}).callbacks.creation, {
      unknownCustomers: 'ignore',
      crmAllowCreate: false,
    });
    const env = { UNKNOWN_CUSTOMERS: 'create', CRM_ALLOW_CREATE: 'true' };
    assert.deepEqual(loadConfig(env).callbacks.creation, {
      unknownCustomers: 'create',
      crmAllowCreate: true,
    });
    assert.equal(loadConfig({ UNKNOWN_CUSTOMERS: 'ignore' }).callbacks.creation.unknownCustomers, 'ignore');
  });

  test('any other value is refused, naming the variable', () => {
    assert.throws(
      () => loadConfig({ UNKNOWN_CUSTOMERS: 'Create' }),
      /^ConfigError: UNKNOWN_CUSTOMERS must be one of ignore, create \(got "Create"\)/,
    );
    assert.throws(
      () => loadConfig({ UNKNOWN_CUSTOMERS: 'yes' }),
      /UNKNOWN_CUSTOMERS must be one of ignore, create/,
    );
    assert.throws(
      () => loadConfig({ CRM_ALLOW_CREATE: 'sometimes' }),
      /CRM_ALLOW_CREATE must be true or false/,
    );
  });

  test('frontline serve stops at start with that one line', async () => {
    const result = await runCli(['serve'], { UNKNOWN_CUSTOMERS: 'always' });
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr.trim(),
      /configuration: UNKNOWN_CUSTOMERS must be one of ignore, create \(got "always"\)$/,
    );
  });
});
