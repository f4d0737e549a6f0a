import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRowToRaw } from '../../src/import/csv-row.ts';
import { normalizeRecord } from '../../src/import/normalize.ts';

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
    }),
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
    }),
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
  });
  assert.deepEqual(raw.links, [
    { type: 'Salesforce', value: 'https://example.com/001', display_name: 'Salesforce' },
  ]);
});

test('details take the title alone, the content alone, or both, keeping the content as written', () => {
  assert.deepEqual(csvRowToRaw({ details_title: 'VIP' }).details, { title: 'VIP' });
  assert.deepEqual(csvRowToRaw({ details_content: ' a\nb ' }).details, { content: ' a\nb ' });
  const result = normalizeRecord(
    { customer_id: 'c1', display_name: 'Z', ...csvRowToRaw({ details_title: 'VIP' }) },
    {},
  );
  assert.deepEqual(result.ok && result.record.details, { title: 'VIP', content: '' });
});

test('a column the header check let through is passed on, for normalizeRecord to reject by name', () => {
  const raw = csvRowToRaw({ customer_id: 'c1', display_name: 'Zoë', nickname: 'Z' });
  assert.deepEqual(normalizeRecord(raw, {}), {
    ok: false,
    problems: [{ field: '', text: 'unknown field "nickname"' }],
    reason: 'unknown field "nickname"',
  });
});
