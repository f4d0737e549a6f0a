import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeRecord } from '../../src/import/normalize.ts';
import { readRecords } from '../../src/import/read-records.ts';
import { fixture, readAll, scratchFile, summary } from './read-test-helpers.ts';

describe('CSV', () => {
  test('yields rows with the line each starts on, across multi-line cells and blank rows', async () => {
    assert.deepEqual(summary(await readAll(fixture('customers.csv'))), [
      [2, 'c1'],
      [5, 'c2'],
      [8, 'c3'],
      [10, 'error: 2 cells, but the header has 12 columns'],
      [11, 'c5'],
    ]);
  });

  test('maps cells to the raw record shape, and the result normalizes', async () => {
    const [first, second] = await readAll(fixture('customers.csv'));
    assert.ok(first !== undefined && 'raw' in first);
    assert.deepEqual(first.raw, {
      customer_id: 'c1',
      display_name: 'Zoë Müller',
      workers: ['alice@example.com', 'Bob@example.com'],
      avatar: 'https://example.com/zoe.png',
      channels: [
        { type: 'sms', value: '+1 212 555 0123' },
        { type: 'sms', value: '+44 20 7183 8750' },
        { type: 'whatsapp', value: 'whatsapp:+33612345678' },
        { type: 'email', value: 'zoe@example.com' },
      ],
      links: [
        { type: 'Salesforce', value: 'https://example.my.salesforce.com/001', display_name: 'Salesforce' },
        { type: 'Help Desk', value: 'mailto:help@example.com', display_name: 'Help Desk' },
      ],
      details: { title: 'VIP', content: 'Line one\nLine two, with a comma\nLine "three"' },
    });
    const result = normalizeRecord(first.raw, {});
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.ok(second !== undefined && 'raw' in second);
    assert.deepEqual(second.raw, {
      customer_id: 'c2',
      display_name: "O'Brien, Seán",
      workers: ['bob@example.com'],
      channels: [{ type: 'chat', value: 'web-c2' }],
    });
  });

  test('counts CRLF line breaks inside quoted cells once, and reads mixed line endings', async () => {
    const path = scratchFile(
      'windows.csv',
      '\uFEFFcustomer_id,display_name,details_content\r\nc1,A,"one\r\ntwo\r\nthree"\r\n\r\nc2,B,x\nc3,C,"a\nb"\r\nc4,D,y',
    );
    const entries = await readAll(path);
    assert.deepEqual(summary(entries), [
      [2, 'c1'],
      [6, 'c2'],
      [7, 'c3'],
      [9, 'c4'],
    ]);
    assert.deepEqual((entries[0] as { raw: unknown }).raw, {
      customer_id: 'c1',
      display_name: 'A',
      details: { content: 'one\r\ntwo\r\nthree' },
    });
  });

  test('accepts header names in any case and with spaces around them', async () => {
    const path = scratchFile(
      'case.csv',
      ' Customer_ID , Display_Name,SMS, LINK:CRM \nc1,Zoë,+12125550123,https://crm.example.com/c1\n',
    );
    const [entry] = await readAll(path);
    assert.ok(entry !== undefined && 'raw' in entry);
    assert.equal(entry.line, 2);
    assert.deepEqual(entry.raw, {
      customer_id: 'c1',
      display_name: 'Zoë',
      channels: [{ type: 'sms', value: '+12125550123' }],
      links: [{ type: 'CRM', value: 'https://crm.example.com/c1', display_name: 'CRM' }],
    });
    // What a problem is worded with: the columns as the header spells them, known names lower-cased.
    assert.deepEqual(
      entry.columns?.(),
      new Map([
        ['customer_id', ['customer_id']],
        ['display_name', ['display_name']],
        ['channels[0]', ['sms']],
        ['channels', ['sms']],
        ['links[0]', ['link:CRM']],
        ['links', ['link:CRM']],
      ]),
    );
  });
});

describe('a CSV that cannot be imported', () => {
  test('an unknown column stops the import, naming the column', async () => {
    const path = fixture('unknown-column.csv');
    await assert.rejects(readAll(path), {
      message: `${path}: unknown column "emial"; the columns are customer_id, display_name, workers, sms, whatsapp, email, chat, avatar, details_title, details_content and link:<Type>`,
    });
  });

  test('a header without the required columns, with a column twice, or with an empty link type', async () => {
    const noName = scratchFile('no-name.csv', 'customer_id,email\nc1,a@example.com\n');
    await assert.rejects(readAll(noName), {
      message: `${noName}: the header has no display_name column (is the first line a header?)`,
    });
    const twice = scratchFile('twice.csv', 'customer_id,display_name,SMS,sms\n');
    await assert.rejects(readAll(twice), { message: `${twice}: column "sms" appears twice` });
    const link = scratchFile('link.csv', 'customer_id,display_name,link:\n');
    await assert.rejects(readAll(link), {
      message: `${link}: column "link:" needs a link type, e.g. "link:Salesforce"`,
    });
    const headless = scratchFile('headless.csv', 'c1,Zoë\n');
    await assert.rejects(readAll(headless), /unknown column "c1"/);
  });

  test('an empty file is an error: it has no header', async () => {
    const empty = scratchFile('empty.csv', '');
    await assert.rejects(readAll(empty), { message: `${empty}: empty file, expected a header line` });
  });

  test('an unclosed quote fails with the line where its record starts', async () => {
    const path = fixture('unclosed-quote.csv');
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const entry of readRecords(path, {})) seen.push(entry.line);
      })(),
      { message: `${path} line 3: a quoted cell is never closed (a missing " ?)` },
    );
    assert.deepEqual(seen, [2]);
  });

  test('a stray quote fails with its line, even after many records parsed in the same chunk', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `c${i},Name ${i}`);
    const path = scratchFile(
      'stray.csv',
      `customer_id,display_name\n${rows.join('\n')}\nc300,"Bad" quote\nc301,Fine\n`,
    );
    await assert.rejects(readAll(path), {
      message: `${path} line 302: a character follows a closing quote (write a " inside a quoted cell as "")`,
    });
    const opening = scratchFile('opening.csv', 'customer_id,display_name\nc1,5" screen\n');
    await assert.rejects(readAll(opening), {
      message: `${opening} line 2: a quote inside an unquoted cell (quote the whole cell and write the " as "")`,
    });
  });
});
