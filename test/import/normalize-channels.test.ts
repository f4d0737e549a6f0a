import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accepted, assertFixedPoint, base, rejected } from './normalize-helpers.ts';

const withChannels = (...channels: unknown[]) => ({ ...base, channels });

describe('sms and whatsapp channels', () => {
  test('are stored in E.164, WhatsApp with its prefix', () => {
    const record = accepted(
      withChannels(
        { type: 'sms', value: '+1 212-555-0123' },
        { type: 'whatsapp', value: '+44 20 7183 8750' },
        { type: 'whatsapp', value: 'whatsapp:+33 6 12 34 56 78' },
        { type: 'whatsapp', value: 'WhatsApp: +49 151 12345678' },
        { type: 'sms', value: '+1 212–555–0199' },
      ),
    );
    assert.deepEqual(record.channels, [
      { type: 'sms', value: '+12125550123' },
      { type: 'whatsapp', value: 'whatsapp:+442071838750' },
      { type: 'whatsapp', value: 'whatsapp:+33612345678' },
      { type: 'whatsapp', value: 'whatsapp:+4915112345678' },
      { type: 'sms', value: '+12125550199' },
    ]);
    assertFixedPoint(record);
  });

  test('read national numbers in the default country', () => {
    const options = { defaultCountry: 'US' as const };
    const record = accepted(
      withChannels({ type: 'sms', value: '(212) 555-0123' }, { type: 'whatsapp', value: '2125550199' }),
      options,
    );
    assert.deepEqual(record.channels, [
      { type: 'sms', value: '+12125550123' },
      { type: 'whatsapp', value: 'whatsapp:+12125550199' },
    ]);
    assertFixedPoint(record, options);
    // A +number keeps its own country whatever the default.
    assert.deepEqual(accepted(withChannels({ type: 'sms', value: '+44 7400 123456' }), options).channels, [
      { type: 'sms', value: '+447400123456' },
    ]);
  });

  test('without a default country, a national number says how to fix it', () => {
    assert.equal(
      rejected(withChannels({ type: 'sms', value: '212 555 0123' })),
      'channels[0].value: "212 555 0123" has no country code: write it as +<country code><number> or set DEFAULT_COUNTRY',
    );
    assert.match(
      rejected(withChannels({ type: 'whatsapp', value: 'whatsapp:2125550123' })),
      /DEFAULT_COUNTRY/,
    );
  });

  test('reject what is not a possible number', () => {
    const options = { defaultCountry: 'US' as const };
    assert.equal(
      rejected(withChannels({ type: 'sms', value: '+12125550123' }, { type: 'sms', value: '12' }), options),
      'channels[1].value: "12" is not a phone number',
    );
    assert.match(rejected(withChannels({ type: 'sms', value: '+1 212' })), /is not a phone number$/);
    assert.match(rejected(withChannels({ type: 'sms', value: '+999 1234567' })), /is not a phone number$/);
    // libphonenumber would pick a number out of prose; a phone column holding prose is an error.
    assert.match(
      rejected(withChannels({ type: 'sms', value: 'call +1 212 555 0123' })),
      /is not a phone number$/,
    );
    assert.match(
      rejected(withChannels({ type: 'sms', value: 12125550123 })),
      /^channels\[0\].value: expected a string/,
    );
  });

  test('truncate long values in reasons', () => {
    const reason = rejected(withChannels({ type: 'sms', value: `+1 ${'9'.repeat(300)}` }));
    assert.ok(reason.length < 120, reason);
    assert.match(reason, /…" is not a phone number$/);
  });
});

describe('email and chat channels', () => {
  test('are trimmed and kept as written', () => {
    const record = accepted(
      withChannels(
        { type: 'email', value: ' Zoë.Müller@Example.co.uk ' },
        { type: 'chat', value: ' web user 7 ' },
      ),
    );
    assert.deepEqual(record.channels, [
      { type: 'email', value: 'Zoë.Müller@Example.co.uk' },
      { type: 'chat', value: 'web user 7' },
    ]);
    assertFixedPoint(record);
  });

  test('reject implausible e-mail addresses and over-long values', () => {
    for (const value of ['zoe', 'zoe@example', 'zoe @example.com', '@example.com', 'a@b@c.com', 'zoe@.com']) {
      assert.match(
        rejected(withChannels({ type: 'email', value })),
        /^channels\[0\].value: .* is not an e-mail address$/,
      );
    }
    const long = `${'a'.repeat(243)}@example.com`;
    assert.equal(long.length, 255);
    assert.equal(
      rejected(withChannels({ type: 'email', value: long })),
      'channels[0].value: 255 characters, at most 254',
    );
    assert.equal(rejected(withChannels({ type: 'chat', value: '  ' })), 'channels[0].value: empty');
    assert.equal(
      rejected(withChannels({ type: 'chat', value: 'c'.repeat(257) })),
      'channels[0].value: 257 characters, at most 256',
    );
  });
});

describe('the channel list', () => {
  test('drops exact duplicates after normalization', () => {
    const record = accepted(
      withChannels(
        { type: 'sms', value: '+1 212 555 0123' },
        { type: 'sms', value: '+12125550123' },
        { type: 'whatsapp', value: '+12125550123' },
        { type: 'email', value: 'a@example.com' },
        { type: 'email', value: ' a@example.com' },
      ),
    );
    assert.deepEqual(record.channels, [
      { type: 'sms', value: '+12125550123' },
      { type: 'whatsapp', value: 'whatsapp:+12125550123' },
      { type: 'email', value: 'a@example.com' },
    ]);
  });

  test('holds at most 20 distinct channels', () => {
    const emails = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'email', value: `u${i}@example.com` }));
    assert.equal(accepted(withChannels(...emails(20), ...emails(5))).channels?.length, 20);
    assert.equal(rejected(withChannels(...emails(21))), 'channels: 21 channels, at most 20');
  });

  test('rejects unknown types, missing fields and non-arrays', () => {
    assert.equal(
      rejected(withChannels({ type: 'SMS', value: '+12125550123' })),
      'channels[0].type: "SMS" is not one of sms, whatsapp, chat, email',
    );
    assert.equal(
      rejected(withChannels({ type: 'fax', value: '1' })),
      'channels[0].type: "fax" is not one of sms, whatsapp, chat, email',
    );
    assert.equal(rejected(withChannels({ type: 'sms' })), 'channels[0].value: missing');
    assert.match(rejected(withChannels('+12125550123')), /^channels\[0\]: expected an object, got a string/);
    assert.match(
      rejected({ ...base, channels: { type: 'sms', value: '+12125550123' } }),
      /^channels: expected an array/,
    );
  });

  test('checks every channel, and the fields of each', () => {
    assert.equal(
      rejected(
        withChannels(
          { type: 'fax', value: '1' },
          { type: 'email', value: 'zoe@example.com' },
          { type: 'email', value: 'zoe', label: 'home' },
          { type: 'sms', value: '+1 212' },
        ),
      ),
      'channels[0].type: "fax" is not one of sms, whatsapp, chat, email; ' +
        'channels[2]: unknown field "label"; channels[2].value: "zoe" is not an e-mail address; ' +
        'channels[3].value: "+1 212" is not a phone number',
    );
  });
});
