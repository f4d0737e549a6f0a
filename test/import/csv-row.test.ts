import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRowToRaw } from '../../src/import/csv-row.ts';
import { normalizeRecord } from '../../src/import/normalize.ts';
import { problemsText } from '../../src/import/problems.ts';
import { columnNamer } from '../../src/import/source-columns.ts';

test('empty and blank cells are absent fields', () => {
  assert.deepEqual(
    csvRowToRaw({
      customer_id: 'c1',
      display_name: 'Zoë',
      workers: ' ',
      sms: '',
      avatar: '',
      details_title: '',
      details_content: '',
    }).raw,
    { customer_id: 'c1', display_name: 'Zoë' },
  );
});

test("';' separates several values in list cells, in column order", () => {
  assert.deepEqual(
    csvRowToRaw({
      customer_id: 'c1',
      display_name: 'Zoë',
      email: 'a@example.com; b@example.com;',
      sms: '+12125550123',
      workers: 'alice@example.com;;bob@example.com ',
      chat: 'web-1',
    }).raw,
    {
      customer_id: 'c1',
      display_name: 'Zoë',
      channels: [
        { type: 'email', value: 'a@example.com' },
        { type: 'email', value: 'b@example.com' },
        { type: 'sms', value: '+12125550123' },
        { type: 'chat', value: 'web-1' },
      ],
      workers: ['alice@example.com', 'bob@example.com'],
    },
  );
});

test('link:<Type> columns become links named after the type', () => {
  const raw = csvRowToRaw({
    customer_id: 'c1',
    display_name: 'Zoë',
    'link:Salesforce': ' https://example.com/001 ',
  }).raw;
  assert.deepEqual(raw.links, [
    { type: 'Salesforce', value: 'https://example.com/001', display_name: 'Salesforce' },
  ]);
});

test('details take the title alone, the content alone, or both, keeping the content as written', () => {
  assert.deepEqual(csvRowToRaw({ details_title: 'VIP' }).raw.details, { title: 'VIP' });
  assert.deepEqual(csvRowToRaw({ details_content: ' a\nb ' }).raw.details, { content: ' a\nb ' });
  const result = normalizeRecord(
    { customer_id: 'c1', display_name: 'Z', ...csvRowToRaw({ details_title: 'VIP' }).raw },
    {},
  );
  assert.deepEqual(result.ok && result.record.details, { title: 'VIP', content: '' });
});

test('a column the header check let through is passed on, for normalizeRecord to reject by name', () => {
  const { raw } = csvRowToRaw({ customer_id: 'c1', display_name: 'Zoë', nickname: 'Z' });
  assert.deepEqual(normalizeRecord(raw, {}), {
    ok: false,
    problems: [{ field: '', text: 'unknown field "nickname"' }],
    reason: 'unknown field "nickname"',
  });
});

test('says which columns each field of the record came from, a cell of several values included', () => {
  const { columns } = csvRowToRaw({
    customer_id: 'c1',
    display_name: 'Zoë',
    workers: 'a@example.com;b@example.com',
    sms: '+1 212 555 0100; 555-01',
    email: 'zoe@example.com',
    avatar: '',
    'link:Salesforce': 'https://example.com/001',
    'link:Help Desk': 'mailto:help@example.com',
    details_title: 'VIP',
    details_content: 'x',
  });
  assert.deepEqual(Object.fromEntries(columns()), {
    customer_id: ['customer_id'],
    display_name: ['display_name'],
    workers: ['workers'],
    'channels[0]': ['sms'],
    'channels[1]': ['sms'],
    'channels[2]': ['email'],
    channels: ['sms', 'email'],
    avatar: ['avatar'],
    'links[0]': ['link:Salesforce'],
    'links[1]': ['link:Help Desk'],
    links: ['link:Salesforce', 'link:Help Desk'],
    'details.title': ['details_title'],
    'details.content': ['details_content'],
  });
});

test("a row's problems name its columns, not the JSON paths of the record", () => {
  const { raw, columns } = csvRowToRaw({
    customer_id: 'c1',
    display_name: '',
    sms: '+1 212 555 0100; 555-01',
    'link:Salesforce': 'http://example.com/001',
    workers: `a@example.com;${'w'.repeat(257)}`,
  });
  const result = normalizeRecord(raw, { defaultCountry: 'US' });
  assert.ok(!result.ok);
  assert.equal(
    problemsText(result.problems, columnNamer(columns())),
    'column display_name: missing; column sms: "555-01" is not a phone number; ' +
      'column link:Salesforce: "http://example.com/001" is not allowed: only https: and mailto: URLs; ' +
      'column workers: 257 characters, at most 256',
  );
});
