import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  test('defaults', () => {
    const config = loadConfig({});
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 5001);
    assert.deepEqual(config.database, { kind: 'sqlite', path: './data/frontline.db' });
    assert.equal(config.verifySignature, true);
    assert.equal(config.visibility, 'assigned');
    assert.equal(config.maxPageSize, 100);
    assert.equal(config.trustProxy, false);
    assert.ok(Object.isFrozen(config));
  });

  test('reads every setting', () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db/frontline',
      PUBLIC_URL: 'https://crm.example.com/base/',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      CUSTOMER_VISIBILITY: 'all',
      DEFAULT_COUNTRY: 'gb',
      MAX_PAGE_SIZE: '50',
      LOG_LEVEL: 'warn',
    });
    assert.equal(config.port, 8080);
    assert.deepEqual(config.database, {
      kind: 'postgres',
      url: 'postgres://u@db/frontline',
      poolSize: 10,
      statementTimeoutMs: 2500,
      connectTimeoutMs: 2000,
      maxWaiting: 50,
    });
    assert.equal(config.publicUrl, 'https://crm.example.com/base');
    assert.deepEqual(config.trustProxy, ['10.0.0.0/8', '127.0.0.1']);
    assert.equal(config.visibility, 'all');
    assert.equal(config.defaultCountry, 'GB');
    assert.equal(config.maxPageSize, 50);
    assert.deepEqual(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/f.db' }).database, {
      kind: 'sqlite',
      path: '/var/lib/f.db',
    });
  });

  test('PostgreSQL pool and time limits', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u:p@db:6432/frontline?sslmode=require',
      PG_POOL_SIZE: '25',
      PG_STATEMENT_TIMEOUT_MS: '1500',
      PG_CONNECT_TIMEOUT_MS: '1000',
      PG_POOL_MAX_WAITING: '0',
    });
    assert.deepEqual(config.database, {
      kind: 'postgres',
      url: 'postgresql://u:p@db:6432/frontline?sslmode=require',
      poolSize: 25,
      statementTimeoutMs: 1500,
      connectTimeoutMs: 1000,
      maxWaiting: 0,
    });
  });

  test('overload, request timeouts and the drain', () => {
    const defaults = loadConfig({}).server;
    assert.equal(defaults.maxEventLoopDelayMs, 500);
    assert.equal(defaults.maxEventLoopUtilization, 0);
    assert.ok(defaults.maxHeapUsedBytes > 0);
    assert.equal(defaults.maxQueueWaitMs, 2000);
    assert.equal(defaults.turnSliceMs, 10);
    assert.equal(defaults.requestTimeoutMs, 5000);
    assert.equal(defaults.shutdownDelayMs, 0);
    assert.equal(defaults.shutdownTimeoutMs, 10_000);
    const set = loadConfig({
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0.95',
      OVERLOAD_MAX_HEAP_MB: '512',
      OVERLOAD_MAX_QUEUE_WAIT_MS: '1500',
      OVERLOAD_TURN_SLICE_MS: '0',
      REQUEST_TIMEOUT_MS: '3000',
      SHUTDOWN_DELAY_MS: '5000',
      SHUTDOWN_TIMEOUT_MS: '20000',
    }).server;
    assert.equal(set.maxEventLoopDelayMs, 0);
    assert.equal(set.maxEventLoopUtilization, 0.95);
    assert.equal(set.maxHeapUsedBytes, 512 * 1024 * 1024);
    assert.equal(set.maxQueueWaitMs, 1500);
    assert.equal(set.turnSliceMs, 0);
    assert.equal(set.requestTimeoutMs, 3000);
    assert.equal(set.shutdownDelayMs, 5000);
    assert.equal(set.shutdownTimeoutMs, 20_000);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PG_POOL_SIZE: '0' }, /^PG_POOL_SIZE must be a whole number from 1 to 1000/],
    [{ PG_STATEMENT_TIMEOUT_MS: '2.5s' }, /^PG_STATEMENT_TIMEOUT_MS must be a whole number/],
    [{ PG_CONNECT_TIMEOUT_MS: '50' }, /^PG_CONNECT_TIMEOUT_MS must be a whole number from 100/],
    [{ PG_POOL_MAX_WAITING: '-1' }, /^PG_POOL_MAX_WAITING must be a whole number/],
    [{ OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '1.5' }, /^OVERLOAD_MAX_EVENT_LOOP_UTILIZATION must be a number/],
    [{ REQUEST_TIMEOUT_MS: 'soon' }, /^REQUEST_TIMEOUT_MS must be a whole number/],
    [{ SHUTDOWN_DELAY_MS: '10000' }, /^SHUTDOWN_DELAY_MS must be shorter than SHUTDOWN_TIMEOUT_MS/],
    [{ PORT: 'http' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT/],
    [{ PUBLIC_URL: 'crm.example.com' }, /^PUBLIC_URL must be an absolute URL/],
    [{ PUBLIC_URL: 'ftp://crm.example.com' }, /^PUBLIC_URL must start with https/],
    [{ PUBLIC_URL: 'https://crm.example.com/?a=1' }, /^PUBLIC_URL must not have a query/],
    [{ CUSTOMER_VISIBILITY: 'everyone' }, /^CUSTOMER_VISIBILITY must be one of assigned, all/],
    [{ DEFAULT_COUNTRY: 'XX' }, /^DEFAULT_COUNTRY/],
    [{ TRUST_PROXY: 'my-proxy' }, /^TRUST_PROXY/],
    [{ VERIFY_TWILIO_SIGNATURE: 'maybe' }, /^VERIFY_TWILIO_SIGNATURE must be true or false/],
    [{ MAX_PAGE_SIZE: '0' }, /^MAX_PAGE_SIZE/],
    [{ PAGE_TOKEN_SECRET: 'short' }, /^PAGE_TOKEN_SECRET must be at least 32/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL/],
    [{ METRICS_PORT: '9464x' }, /^METRICS_PORT must be a whole number from 0 to 65535/],
    [{ METRICS_PORT: '9464', METRICS_HOST: 'metrics.local' }, /^METRICS_HOST must be an IP address/],
  ];

  test('metrics: off without METRICS_PORT, on loopback by default', () => {
    assert.equal(loadConfig({}).metrics, undefined);
    assert.deepEqual(loadConfig({ METRICS_PORT: '9464' }).metrics, { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics, {
      host: '0.0.0.0',
      port: 9464,
    });
  });
  for (const [env, message] of bad)
    test(`rejects ${JSON.stringify(env)} naming the variable`, () => {
      assert.throws(() => loadConfig(env), { name: 'ConfigError', message });
    });
});
