import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeRecord } from '../../src/import/normalize.ts';
import { accepted, assertFixedPoint, base, rejected } from './normalize-helpers.ts';

const FULL = {
  workers: ['Alice@Example.com', ' bob@example.com '],
  details: { content: 'Line one\r\nLine two\r\n', title: '  VIP\n customer ' },
  links: [{ type: 'Salesforce', value: 'https://example.my.salesforce.com/001' }],
  channels: [
    { type: 'email', value: ' zoe@example.com ' },
    { type: 'sms', value: '+1 (212) 555-0123' },
  ],
  avatar: 'https://example.com/a.png',
  display_name: '  Zoë\n\t Müller ',
  customer_id: ' c1 ',
};

describe('normalizeRecord', () => {
  test('builds the record in Frontline order with normalized values', () => {
    const record = accepted(FULL);
    assert.deepEqual(Object.keys(record), [
      'customer_id',
      'display_name',
      'avatar',
      'channels',
      'links',
      'details',
      'workers',
    ]);
    assert.deepEqual(record, {
      customer_id: 'c1',
      display_name: 'Zoë Müller',
      avatar: 'https://example.com/a.png',
      channels: [
        { type: 'email', value: 'zoe@example.com' },
        { type: 'sms', value: '+12125550123' },
      ],
      links: [
        { type: 'Salesforce', value: 'https://example.my.salesforce.com/001', display_name: 'Salesforce' },
      ],
      details: { title: 'VIP customer', content: 'Line one\nLine two\n' },
      workers: ['Alice@Example.com', 'bob@example.com'],
    });
    assertFixedPoint(record);
  });

  test('omits absent optional fields instead of writing undefined', () => {
    const record = accepted({ ...base, avatar: null, channels: [], links: null, details: null });
    assert.deepEqual(record, { customer_id: 'c1', display_name: 'Zoë Müller', workers: [] });
    assert.deepEqual(Object.keys(record), ['customer_id', 'display_name', 'workers']);
    assertFixedPoint(record);
  });

  test('rejects what is not an object', () => {
    for (const raw of [null, 'c1', 42, [base]]) assert.match(rejected(raw), /^expected an object, got /);
  });

  test('rejects unknown fields by name, with a hint for near misses', () => {
    assert.equal(
      rejected({ ...base, 'display-name': 'Zoë' }),
      'unknown field "display-name" (did you mean display_name?)',
    );
    assert.equal(rejected({ ...base, phone: '+12125550123' }), 'unknown field "phone"');
    assert.equal(
      rejected({ ...base, channels: [{ type: 'sms', number: '+1' }] }),
      'channels[0]: unknown field "number"; channels[0].value: missing',
    );
  });
});

describe('customer_id', () => {
  test('is trimmed; an integer becomes text', () => {
    assert.equal(accepted({ ...base, customer_id: '  A-17 ' }).customer_id, 'A-17');
    assert.equal(accepted({ ...base, customer_id: 1234 }).customer_id, '1234');
    assert.equal(accepted({ ...base, customer_id: 'x'.repeat(256) }).customer_id.length, 256);
  });

  test('rejects missing, empty, long, control characters and non-integers', () => {
    const { customer_id: _, ...noId } = base;
    assert.equal(rejected(noId), 'customer_id: missing');
    assert.equal(rejected({ ...base, customer_id: '   ' }), 'customer_id: empty');
    assert.equal(
      rejected({ ...base, customer_id: 'x'.repeat(257) }),
      'customer_id: 257 characters, at most 256',
    );
    assert.match(
      rejected({ ...base, customer_id: 'a\u0000b' }),
      /^customer_id: "a\\u0000b" contains a control character$/,
    );
    assert.match(rejected({ ...base, customer_id: 'a\tb' }), /control character/);
    assert.match(
      rejected({ ...base, customer_id: 1.5 }),
      /^customer_id: a number \(1\.5\) is not an integer/,
    );
    assert.match(rejected({ ...base, customer_id: true }), /^customer_id: expected a string, got a boolean/);
    assert.match(rejected({ ...base, customer_id: 'a\ud800' }), /^customer_id: .* is not valid Unicode$/);
  });
});

describe('display_name', () => {
  test('collapses every whitespace run to one space and trims', () => {
    assert.equal(
      accepted({ ...base, display_name: ' Ana \r\n\t María\u00a0 López ' }).display_name,
      'Ana María López',
    );
  });

  test('counts characters, not UTF-16 units', () => {
    assert.equal(accepted({ ...base, display_name: '😀'.repeat(200) }).display_name.length, 400);
    assert.equal(
      rejected({ ...base, display_name: 'é'.repeat(201) }),
      'display_name: 201 characters, at most 200',
    );
  });

  test('rejects missing, empty, non-string and control characters', () => {
    assert.equal(rejected({ customer_id: 'c1' }), 'display_name: missing');
    assert.equal(rejected({ ...base, display_name: ' \n ' }), 'display_name: empty');
    assert.match(rejected({ ...base, display_name: 42 }), /^display_name: expected a string, got a number/);
    assert.match(rejected({ ...base, display_name: 'Bell\u0007' }), /control character/);
  });
});

describe('details', () => {
  test('keeps lines, normalizes CRLF and CR, defaults the title', () => {
    const record = accepted({ ...base, details: { content: 'a\r\nb\rc\n\n\td' } });
    assert.deepEqual(record.details, { title: '', content: 'a\nb\nc\n\n\td' });
    assertFixedPoint(record);
    assert.deepEqual(accepted({ ...base, details: { title: 'T' } }).details, { title: 'T', content: '' });
    assert.equal(accepted({ ...base, details: { title: '', content: '' } }).details, undefined);
  });

  test('enforces limits and types', () => {
    assert.equal(
      accepted({ ...base, details: { content: 'x'.repeat(30_000) } }).details?.content.length,
      30_000,
    );
    assert.equal(
      rejected({ ...base, details: { content: 'x'.repeat(30_001) } }),
      'details.content: 30001 characters, at most 30000',
    );
    assert.equal(
      rejected({ ...base, details: { title: 't'.repeat(201), content: '' } }),
      'details.title: 201 characters, at most 200',
    );
    assert.equal(accepted({ ...base, details: { title: 'a\nb', content: '' } }).details?.title, 'a b');
    assert.match(
      rejected({ ...base, details: { content: 'a\u0000' } }),
      /^details.content: .* control character/,
    );
    assert.match(rejected({ ...base, details: 'notes' }), /^details: expected an object/);
    assert.equal(rejected({ ...base, details: { body: 'x' } }), 'details: unknown field "body"');
    assert.match(
      rejected({ ...base, details: { content: ['x'] } }),
      /^details.content: expected a string, got an array/,
    );
  });
});

describe('workers', () => {
  test('trims, drops case-insensitive duplicates keeping the first spelling', () => {
    const record = accepted({
      ...base,
      workers: [' Bob@Example.com', 'alice@example.com', 'BOB@example.com '],
    });
    assert.deepEqual(record.workers, ['Bob@Example.com', 'alice@example.com']);
    assertFixedPoint(record);
  });

  test('accepts one worker as `worker`, and no worker at all', () => {
    assert.deepEqual(accepted({ ...base, worker: ' alice@example.com ' }).workers, ['alice@example.com']);
    assert.deepEqual(accepted(base).workers, []);
  });

  test('rejects both forms at once, wrong types, empty and long identities, too many', () => {
    assert.equal(
      rejected({ ...base, worker: 'a', workers: ['b'] }),
      'worker: give either workers or worker, not both',
    );
    assert.match(rejected({ ...base, workers: 'alice' }), /^workers: expected an array/);
    assert.match(rejected({ ...base, worker: ['alice'] }), /^worker: expected a string, got an array/);
    assert.equal(rejected({ ...base, workers: ['a', ' '] }), 'workers[1]: empty');
    assert.equal(
      rejected({ ...base, workers: ['w'.repeat(257)] }),
      'workers[0]: 257 characters, at most 256',
    );
    const many = Array.from({ length: 1001 }, (_, i) => `rep${i}@example.com`);
    assert.equal(rejected({ ...base, workers: many }), 'workers: 1001 workers, at most 1000');
    assert.equal(
      accepted({ ...base, workers: [...many.slice(0, 1000), 'REP0@example.com'] }).workers.length,
      1000,
    );
  });
});

describe('size', () => {
  test('rejects a customer whose JSON exceeds 60000 bytes, so a details response fits 64 KB', () => {
    // 20000 three-byte characters fit the 30000-character limit but not the byte budget.
    const content = '語'.repeat(20_000);
    assert.match(
      rejected({ ...base, details: { content } }),
      /^record: 600\d\d bytes as JSON, at most 60000/,
    );
    assert.ok(accepted({ ...base, details: { content: '語'.repeat(19_900) } }));
  });

  test('does not count workers', () => {
    const workers = Array.from({ length: 1000 }, (_, i) => `${'w'.repeat(200)}${i}@example.com`);
    assert.equal(accepted({ ...base, workers }).workers.length, 1000);
  });
});

describe('a record with several problems', () => {
  test('reports every one, each with its field, in field order', () => {
    const result = normalizeRecord(
      {
        customer_id: 'c1',
        display_name: ' ',
        nickname: 'Z',
        channels: [
          { type: 'sms', value: '+1 212 555 0123' },
          { type: 'sms', value: '555-01' },
        ],
        details: { title: 'a\u0000', content: 'b'.repeat(30_001) },
        workers: ['alice@example.com', ' '],
      },
      { defaultCountry: 'US' },
    );
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      { field: '', text: 'unknown field "nickname"' },
      { field: 'display_name', text: 'empty' },
      { field: 'channels[1].value', text: '"555-01" is not a phone number' },
      { field: 'details.title', text: '"a\\u0000" contains a control character' },
      { field: 'details.content', text: '30001 characters, at most 30000' },
      { field: 'workers[1]', text: 'empty' },
    ]);
    assert.equal(
      result.reason,
      'unknown field "nickname"; display_name: empty; channels[1].value: "555-01" is not a phone number; ' +
        'details.title: "a\\u0000" contains a control character; details.content: 30001 characters, at most 30000; ' +
        'workers[1]: empty',
    );
  });

  test('a misspelled field is reported with the required field it leaves missing', () => {
    assert.equal(
      rejected({ customer_id: 'c1', 'display-name': 'Zoë' }),
      'unknown field "display-name" (did you mean display_name?); display_name: missing',
    );
  });

  test('the size check still runs, on what the valid fields already take', () => {
    assert.match(
      rejected({ ...base, display_name: 42, details: { content: '語'.repeat(20_000) } }),
      /^display_name: expected a string, got a number \(42\); record: at least 600\d\d bytes as JSON, at most 60000/,
    );
  });

  test('lists the first 20 problems and counts the rest', () => {
    const workers = Array.from({ length: 25 }, () => ' ');
    const reason = rejected({ ...base, workers });
    assert.equal(reason.split('; ').length, 21);
    assert.match(
      reason,
      /^workers\[0\]: empty; workers\[1\]: empty; .* workers\[19\]: empty; and 5 more problems$/,
    );
  });
});

test('options are not required to accept E.164 numbers', () => {
  const result = normalizeRecord({ ...base, channels: [{ type: 'sms', value: '+442071838750' }] }, {});
  assert.deepEqual(result.ok && result.record.channels, [{ type: 'sms', value: '+442071838750' }]);
});

test('is idempotent on messy input: normalizing the output again changes nothing', () => {
  const messy = [
    FULL,
    { customer_id: 7, display_name: 'a\u2028b', worker: 'W@x.com' },
    {
      customer_id: 'c 2',
      display_name: '\tÆrøe, Søren ',
      avatar: 'https://EXAMPLE.com:443/a/../b?q=1 2#f',
      channels: [
        { type: 'whatsapp', value: 'WhatsApp:(212) 555 0123' },
        { type: 'sms', value: '011 44 20 7183 8750' },
        { type: 'chat', value: ' id ' },
      ],
      links: [{ type: 'Mail', value: 'mailto:Zoë <zoe@example.com>?subject=Hi there', display_name: ' ' }],
      details: { title: null, content: '\r\n\r\nx\r' },
      workers: ['Ω@example.com', 'ω@example.com'],
    },
  ];
  for (const raw of messy)
    assertFixedPoint(accepted(raw, { defaultCountry: 'US' }), { defaultCountry: 'US' });
  // The output holds no national numbers, so it stays a fixed point under any default country, or none.
  assertFixedPoint(accepted(messy[2], { defaultCountry: 'US' }), {});
  const french = { ...base, channels: [{ type: 'sms', value: '06 12 34 56 78' }] };
  assertFixedPoint(accepted(french, { defaultCountry: 'FR' }), { defaultCountry: 'DE' });
});
