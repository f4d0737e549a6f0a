import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { formatOf, readRecords } from '../../src/import/read-records.ts';
import { fixture, readAll, scratchFile, summary } from './read-test-helpers.ts';

describe('format', () => {
  test('comes from the extension, whatever its case', () => {
    assert.equal(formatOf('a/customers.csv'), 'csv');
    assert.equal(formatOf('customers.CSV'), 'csv');
    assert.equal(formatOf('customers.ndjson'), 'ndjson');
    assert.equal(formatOf('customers.jsonl'), 'ndjson');
    assert.equal(formatOf('customers.json'), 'ndjson');
  });

  test('an unknown extension or stdin without a format throws a one-line error at once', () => {
    assert.throws(() => readRecords('customers.txt', {}), {
      message:
        'cannot tell the format of customers.txt: name it .csv, .ndjson, .jsonl or .json, or give the format',
    });
    assert.throws(() => readRecords('-', {}), { message: 'reading stdin needs a format: ndjson or csv' });
  });

  test('a delimiter for a file read as NDJSON is a one-line error at once, not ignored', () => {
    assert.throws(() => readRecords('export.ndjson', { delimiter: ';' }), {
      message: 'a delimiter is for CSV, and export.ndjson is read as ndjson',
    });
  });

  test('an explicit format wins over the extension', async () => {
    const path = scratchFile('customers.txt', 'customer_id,display_name\nc1,Zoë\n');
    assert.deepEqual(summary(await readAll(path, { format: 'csv' })), [[2, 'c1']]);
    const json = scratchFile('export.csv', '{"customer_id":"c9","display_name":"Ana"}\n');
    assert.deepEqual(summary(await readAll(json, { format: 'ndjson' })), [[1, 'c9']]);
  });
});

describe('a source that cannot be read', () => {
  test('rejects with a one-line message, not a crash', async () => {
    await assert.rejects(readAll('no/such/customers.csv'), {
      message: 'cannot read no/such/customers.csv: no such file',
    });
    const dir = dirname(scratchFile('x.ndjson', ''));
    mkdirSync(`${dir}/folder.csv`);
    await assert.rejects(readAll(`${dir}/folder.csv`), {
      message: `cannot read ${dir}/folder.csv: it is a directory`,
    });
  });
});

describe('NDJSON', () => {
  test('yields objects with their line numbers, skips blank lines, reports bad lines and goes on', async () => {
    const entries = await readAll(fixture('customers.ndjson'));
    assert.deepEqual(summary(entries), [
      [1, 'c1'],
      [3, 'c2'],
      [4, 'error: not valid JSON: Unexpected end of JSON input'],
      [5, 'error: expected a JSON object, got an array'],
      [6, 'error: expected a JSON object, got a string'],
      [8, 'c5'],
    ]);
    assert.deepEqual(entries[0], {
      line: 1,
      raw: {
        customer_id: 'c1',
        display_name: 'Zoë Müller',
        channels: [{ type: 'sms', value: '+12125550123' }],
        workers: ['alice@example.com'],
      },
    });
  });

  test('does not echo the whole line in a JSON error', async () => {
    const path = scratchFile('echo.ndjson', `{"customer_id": "c1", "display_name": x${'y'.repeat(500)}}\n`);
    const [entry] = await readAll(path);
    assert.ok(entry !== undefined && 'error' in entry);
    assert.match(entry.error, /^not valid JSON: Unexpected token/);
    assert.ok(entry.error.length < 130, entry.error);
  });

  test('reads CRLF line endings and a byte order mark', async () => {
    const path = scratchFile(
      'windows.ndjson',
      '\uFEFF{"customer_id":"a","display_name":"A"}\r\n\r\n{"customer_id":"b","display_name":"B"}\r\n',
    );
    assert.deepEqual(summary(await readAll(path)), [
      [1, 'a'],
      [3, 'b'],
    ]);
  });

  test('is decoded as CSV is: Windows-1252 with its encoding given, refused without it, UTF-16 by its BOM', async () => {
    const text = '{"customer_id":"a","display_name":"A"}\n{"customer_id":"b","display_name":"Renée 5 €"}\n';
    const windows = scratchFile('windows.ndjson', iconv.encode(text, 'windows-1252'));
    const [, second] = await readAll(windows, { encoding: 'windows-1252' });
    assert.deepEqual(second, { line: 2, raw: { customer_id: 'b', display_name: 'Renée 5 €' } });
    await assert.rejects(readAll(windows), {
      message: `${windows} line 2, byte 39: not valid UTF-8 (is the file Windows-1252? pass --encoding windows-1252)`,
    });
    const utf16 = scratchFile('utf16.ndjson', iconv.encode(text, 'utf-16le', { addBOM: true }));
    assert.deepEqual(await readAll(utf16), [
      { line: 1, raw: { customer_id: 'a', display_name: 'A' } },
      second,
    ]);
  });

  test('fails with a one-line error on a line too long to be a record, instead of buffering it', async () => {
    const path = scratchFile(
      'array.json',
      `{"customer_id":"a","display_name":"A"}\n[${'{"customer_id":"x"},'.repeat(300_000)}]\n`,
    );
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const entry of readRecords(path, {})) seen.push('raw' in entry ? 'record' : entry.error);
      })(),
      { message: `${path} line 2: longer than 4 MB; NDJSON holds one JSON object per line` },
    );
    assert.deepEqual(seen, ['record']);
  });
});

describe('progress', () => {
  test('reports bytes read against the file size, ending at the size', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({ customer_id: `c${i}`, display_name: 'Zoë' }),
    );
    const path = scratchFile('big.ndjson', `${lines.join('\n')}\n`);
    const size = statSync(path).size;
    const calls: [number, number | undefined][] = [];
    const entries = await readAll(path, {
      onProgress: (bytesRead, totalBytes) => calls.push([bytesRead, totalBytes]),
    });
    assert.equal(entries.length, 5000);
    assert.ok(calls.length >= 2, 'a 200 KB file is read in several chunks');
    assert.ok(calls.every(([, total]) => total === size));
    assert.ok(calls.every(([read], i) => i === 0 || read > (calls[i - 1]?.[0] ?? 0)));
    assert.equal(calls.at(-1)?.[0], size);
  });

  test('counts the bytes of the file, not of the text they decode to', async () => {
    const text = `customer_id,display_name\n${'c1,Zoë\n'.repeat(20_000)}`;
    const path = scratchFile('progress-utf16.csv', iconv.encode(text, 'utf-16be', { addBOM: true }));
    let last = 0;
    const entries = await readAll(path, { onProgress: (bytesRead) => (last = bytesRead) });
    assert.equal(entries.length, 20_000);
    assert.ok(entries.every((entry) => 'raw' in entry));
    assert.equal(last, statSync(path).size);
  });

  test('works for CSV too', async () => {
    let last = 0;
    await readAll(fixture('customers.csv'), { onProgress: (bytesRead) => (last = bytesRead) });
    assert.equal(last, statSync(fixture('customers.csv')).size);
  });
});

test('stopping early releases the file', async () => {
  const path = scratchFile('early.ndjson', '{"customer_id":"a","display_name":"A"}\n'.repeat(100_000));
  let read = 0;
  for await (const _ of readRecords(path, {})) if (++read === 3) break;
  assert.equal(read, 3);
});
