import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';

describe('the other callbacks’ settings', () => {
  test('all optional: unset, every callback beside the CRM one is simply not configured', () => {
    const { callbacks } = loadConfig({});
    assert.equal(callbacks.accountSid, undefined);
    assert.equal(callbacks.templatesFile, undefined);
    assert.deepEqual(callbacks.proxy.byChannel, {});
    assert.equal(callbacks.proxy.byWorker.size, 0);
    assert.deepEqual(callbacks.routingFallback, { kind: 'none' });
  });

  test('numbers are normalized: E.164 for SMS, whatsapp:+E.164 for WhatsApp, per worker by folded identity', () => {
    const { proxy } = loadConfig({
      TWILIO_SMS_NUMBER: '+1 500 555 0006',
      TWILIO_WHATSAPP_NUMBER: 'whatsapp:+14155238886',
      TWILIO_WORKER_NUMBERS:
        ' Alice@Example.com = +1 (500) 555-0007 ,alice@example.com=WhatsApp:+15005550008,b@x.io=+442071838750',
    }).callbacks;
    assert.deepEqual(proxy.byChannel, { sms: '+15005550006', whatsapp: 'whatsapp:+14155238886' });
    assert.deepEqual(Object.fromEntries(proxy.byWorker), {
      'alice@example.com': { sms: '+15005550007', whatsapp: 'whatsapp:+15005550008' },
      'b@x.io': { sms: '+442071838750' },
    });
  });

  test('routing fallback: one default worker, or a round robin list without duplicates', () => {
    assert.deepEqual(loadConfig({ ROUTING_DEFAULT_WORKER: ' dave@example.com ' }).callbacks.routingFallback, {
      kind: 'default',
      worker: 'dave@example.com',
    });
    assert.deepEqual(loadConfig({ ROUTING_WORKERS: 'a@x.io, b@x.io,a@x.io' }).callbacks.routingFallback, {
      kind: 'round_robin',
      workers: ['a@x.io', 'b@x.io'],
    });
  });

  test('routing choice: availability on for 30 s, round robin, a 24-hour window by default', () => {
    assert.deepEqual(loadConfig({}).callbacks.routing, {
      availability: true,
      availabilityTtlMs: 30_000,
      pool: 'round_robin',
      windowHours: 24,
    });
    const env = {
      ROUTING_AVAILABILITY: 'off',
      ROUTING_AVAILABILITY_TTL_SECONDS: '0',
      ROUTING_POOL: 'least_busy',
      ROUTING_WINDOW_HOURS: '8',
    };
    assert.deepEqual(loadConfig(env).callbacks.routing, {
      availability: false,
      availabilityTtlMs: 0,
      pool: 'least_busy',
      windowHours: 8,
    });
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ ROUTING_POOL: 'random' }, /^ROUTING_POOL must be one of round_robin, least_busy/],
    [{ ROUTING_AVAILABILITY: 'maybe' }, /^ROUTING_AVAILABILITY must be one of on, off/],
    [{ ROUTING_AVAILABILITY_TTL_SECONDS: '-1' }, /^ROUTING_AVAILABILITY_TTL_SECONDS must be a whole number/],
    [{ ROUTING_WINDOW_HOURS: '0' }, /^ROUTING_WINDOW_HOURS must be a whole number from 1 to 744/],
    [{ TWILIO_ACCOUNT_SID: 'SK0123' }, /^TWILIO_ACCOUNT_SID must be AC followed by 32 hexadecimal digits/],
    [
      { TWILIO_SMS_NUMBER: '5005550006' },
      /^TWILIO_SMS_NUMBER must hold phone numbers written \+<country code>/,
    ],
    [
      { TWILIO_SMS_NUMBER: 'whatsapp:+15005550006' },
      /^TWILIO_SMS_NUMBER must be a number without the whatsapp: prefix/,
    ],
    [{ TWILIO_WHATSAPP_NUMBER: 'whatsapp:call me' }, /^TWILIO_WHATSAPP_NUMBER must hold phone numbers/],
    [
      { TWILIO_WORKER_NUMBERS: 'alice@example.com' },
      /^TWILIO_WORKER_NUMBERS must be a comma-separated list of identity=number/,
    ],
    [{ TWILIO_WORKER_NUMBERS: '=+15005550006' }, /^TWILIO_WORKER_NUMBERS must hold worker identities/],
    [
      { TWILIO_WORKER_NUMBERS: 'a@x.io=+15005550006,A@x.io=+15005550007' },
      /^TWILIO_WORKER_NUMBERS gives one worker two sms numbers/,
    ],
    [
      { ROUTING_DEFAULT_WORKER: 'a@x.io', ROUTING_WORKERS: 'b@x.io' },
      /^ROUTING_WORKERS cannot be set together with ROUTING_DEFAULT_WORKER/,
    ],
    [{ ROUTING_WORKERS: 'a@x.io,,b@x.io' }, /^ROUTING_WORKERS must hold worker identities/],
  ];
  for (const [env, message] of bad) {
    test(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(() => loadConfig(env), { name: 'ConfigError', message });
    });
  }
});
