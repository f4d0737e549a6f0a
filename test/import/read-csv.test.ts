import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text as collect } from 'node:stream/consumers';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { normalizeRecord } from '../../src/import/normalize.ts';
import { peekFirstLine } from '../../src/import/peek-line.ts';
import { type ImportEntry, readRecords } from '../../src/import/read-records.ts';
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

describe('a CSV in the encoding a spreadsheet wrote it in', () => {
  const BOOK =
    'customer_id,display_name,details_content\nc1,Zoë Müller,Prix: 5 €\nc2,Renée O’Brien,it’s “quoted”\n';
  const names = (entries: Awaited<ReturnType<typeof readAll>>) =>
    entries.map((entry) =>
      'raw' in entry ? (entry.raw as { display_name: string }).display_name : entry.error,
    );

  test('Windows-1252 and Latin-1 files read right with their encoding given', async () => {
    const windows = scratchFile('windows-1252.csv', iconv.encode(BOOK, 'windows-1252'));
    const entries = await readAll(windows, { encoding: 'windows-1252' });
    assert.deepEqual(names(entries), ['Zoë Müller', 'Renée O’Brien']);
    assert.deepEqual((entries[0] as { raw: unknown }).raw, {
      customer_id: 'c1',
      display_name: 'Zoë Müller',
      details: { content: 'Prix: 5 €' },
    });
    const latin1 = scratchFile(
      'latin1.csv',
      iconv.encode('customer_id,display_name\nc1,Ñandú Größe\n', 'latin1'),
    );
    assert.deepEqual(names(await readAll(latin1, { encoding: 'latin1' })), ['Ñandú Größe']);
  });

  test('without it, a file that is not UTF-8 is refused with the line and byte where it breaks', async () => {
    const path = scratchFile('people.csv', iconv.encode(BOOK, 'windows-1252'));
    await assert.rejects(readAll(path), {
      message: `${path} line 2, byte 6: not valid UTF-8 (is the file Windows-1252? pass --encoding windows-1252)`,
    });
  });

  test('UTF-8 with and without a byte order mark, and UTF-16LE and UTF-16BE with one, read the same', async () => {
    const files = {
      'utf8.csv': Buffer.from(BOOK),
      'utf8-bom.csv': Buffer.from(`\uFEFF${BOOK}`),
      'utf16le.csv': iconv.encode(BOOK, 'utf-16le', { addBOM: true }),
      'utf16be.csv': iconv.encode(BOOK, 'utf-16be', { addBOM: true }),
    };
    for (const [name, bytes] of Object.entries(files)) {
      assert.deepEqual(names(await readAll(scratchFile(name, bytes))), ['Zoë Müller', 'Renée O’Brien'], name);
    }
  });
});

describe('a CSV with the separator a spreadsheet wrote it with', () => {
  const SALESFORCE = 'https://acme.lightning.force.com/lightning/r/Account/001;view=full';

  test("a ';'-separated file is told by its header; a link URL with ';' in it is kept whole", async () => {
    const path = scratchFile(
      'europe.csv',
      [
        'customer_id;display_name;email;details_content;link:Salesforce',
        `c1;Zoë Müller;"zoe@example.com;zm@example.com";"Prix: 5,50 €";"${SALESFORCE}"`,
        `c2;Ana;ana@example.com;;${SALESFORCE.replace(';', '%3B')}`,
      ].join('\r\n'),
    );
    const [first, second] = (await readAll(path)).map(withoutColumns);
    assert.deepEqual(first, {
      line: 2,
      raw: {
        customer_id: 'c1',
        display_name: 'Zoë Müller',
        channels: [
          { type: 'email', value: 'zoe@example.com' },
          { type: 'email', value: 'zm@example.com' },
        ],
        details: { content: 'Prix: 5,50 €' },
        links: [{ type: 'Salesforce', value: SALESFORCE, display_name: 'Salesforce' }],
      },
    });
    assert.equal(summary([second as ImportEntry])[0]?.[1], 'c2');
  });

  test('a tab-separated file is told by its header too, and --delimiter is taken as given', async () => {
    const tabs = scratchFile('tabs.csv', "customer_id\tdisplay_name\tsms\nc1\tO'Brien, Seán\t+12125550123\n");
    assert.deepEqual((await readAll(tabs)).map(withoutColumns), [
      {
        line: 2,
        raw: {
          customer_id: 'c1',
          display_name: "O'Brien, Seán",
          channels: [{ type: 'sms', value: '+12125550123' }],
        },
      },
    ]);
    assert.deepEqual(summary(await readAll(tabs, { delimiter: '\t' })), [[2, 'c1']]);
    const semicolons = scratchFile('semicolons.csv', 'customer_id;display_name\nc1;Zoë\n');
    await assert.rejects(readAll(semicolons, { delimiter: ',' }), {
      message:
        `${semicolons}: unknown column "customer_id;display_name"; the columns are customer_id, display_name, ` +
        'workers, sms, whatsapp, email, chat, avatar, details_title, details_content and link:<Type> (the header was ' +
        "split on ','; if ';' separates its columns, pass --delimiter ';')",
    });
  });

  test('the separator is told by the header even after empty lines, and arriving a character at a time', async () => {
    const path = scratchFile('blank-first.csv', '\r\n\ncustomer_id;display_name\r\nc1;Zoë\r\n');
    assert.deepEqual(summary(await readAll(path)), [[4, 'c1']]);
    const { line, text } = await peekFirstLine(
      Readable.from([...'\n\ncustomer_id\tdisplay_name\nc1\tZoë\n']),
      1000,
    );
    assert.equal(line, 'customer_id\tdisplay_name');
    assert.equal(await collect(text), '\n\ncustomer_id\tdisplay_name\nc1\tZoë\n');
  });

  test("a ';' file's unquoted list cell is a wrong cell count that says to quote it", async () => {
    const path = scratchFile(
      'unquoted.csv',
      'customer_id;display_name;workers\nc1;Zoë;a@example.com;b@example.com\n',
    );
    assert.deepEqual(summary(await readAll(path)), [
      [
        2,
        "error: 4 cells, but the header has 3 columns (in a ';'-separated file, quote a cell that lists several values)",
      ],
    ]);
  });
});

/** An entry as data: where its fields came from is a function, checked on its own (see the column tests above). */
function withoutColumns(entry: ImportEntry): ImportEntry {
  if (!('raw' in entry)) return entry;
  return { line: entry.line, raw: entry.raw };
}
