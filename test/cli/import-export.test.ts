import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { runCli } from '../support/run-cli.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
let dbCount = 0;
const freshDb = () => {
  dbCount += 1;
  return join(dir, `book-${dbCount}.db`);
};
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ndjson = (records: object[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

const GOOD = [
  {
    customer_id: 'c1',
    display_name: '  Zoë\n Martin ',
    channels: [
      { type: 'sms', value: '(212) 555-0199' },
      { type: 'whatsapp', value: '+44 7700 900123' },
      { type: 'email', value: 'zoe@acme.io' },
    ],
    links: [{ type: 'CRM', value: 'https://crm.example.com/c1', display_name: 'CRM' }],
    details: { title: 'Notes', content: 'line one\nline two' },
    workers: ['Alice@Example.com', 'bob@example.com'],
  },
  { customer_id: 'c2', display_name: 'Bruno', worker: 'bob@example.com' },
];

async function exportOf(db: string): Promise<object[]> {
  const result = await runCli(['export'], { DATABASE_URL: db });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

async function idsIn(db: string): Promise<string[]> {
  return (await exportOf(db)).map((r) => (r as { customer_id: string }).customer_id);
}

describe('frontline import / export', () => {
  test('imports NDJSON normalized, and export → import → export is lossless', async () => {
    const db = freshDb();
    const result = await runCli(['import', file('good.ndjson', ndjson(GOOD))], {
      DATABASE_URL: db,
      DEFAULT_COUNTRY: 'US',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /imported: added 2, updated 0, unchanged 0, removed 0, deleted 0, skipped 0 in \d/,
    );
    const exported = await exportOf(db);
    assert.deepEqual(exported[0], {
      customer_id: 'c1',
      display_name: 'Zoë Martin',
      channels: [
        { type: 'sms', value: '+12125550199' },
        { type: 'whatsapp', value: 'whatsapp:+447700900123' },
        { type: 'email', value: 'zoe@acme.io' },
      ],
      links: [{ type: 'CRM', value: 'https://crm.example.com/c1', display_name: 'CRM' }],
      details: { title: 'Notes', content: 'line one\nline two' },
      workers: ['Alice@Example.com', 'bob@example.com'],
    });
    const again = freshDb();
    const text = `${exported.map((r) => JSON.stringify(r)).join('\n')}\n`;
    assert.equal((await runCli(['import', file('roundtrip.ndjson', text)], { DATABASE_URL: again })).code, 0);
    assert.deepEqual(await exportOf(again), exported);
  });

  test('imports CSV with workers, channels and link columns', async () => {
    const db = freshDb();
    const csv = [
      'customer_id,display_name,workers,sms,email,avatar,details_title,details_content,link:Salesforce',
      'k1,Ana Díaz,alice@example.com;bob@example.com,+1 212 555 0101,ana@x.io,https://img.example.com/a.png,Notes,"two',
      'lines",https://sf.example.com/k1',
      'k2,Ben,,,,,,,',
    ].join('\n');
    const result = await runCli(['import', file('book.csv', csv)], { DATABASE_URL: db });
    assert.equal(result.code, 0, result.stderr);
    const [k1, k2] = await exportOf(db);
    assert.deepEqual(k1, {
      customer_id: 'k1',
      display_name: 'Ana Díaz',
      avatar: 'https://img.example.com/a.png',
      channels: [
        { type: 'sms', value: '+12125550101' },
        { type: 'email', value: 'ana@x.io' },
      ],
      links: [{ type: 'Salesforce', value: 'https://sf.example.com/k1', display_name: 'Salesforce' }],
      details: { title: 'Notes', content: 'two\nlines' },
      workers: ['alice@example.com', 'bob@example.com'],
    });
    assert.deepEqual(k2, { customer_id: 'k2', display_name: 'Ben', workers: [] });
  });

  test('any invalid record: every one reported with its line, nothing written, non-zero exit', async () => {
    const db = freshDb();
    assert.equal(
      (
        await runCli(['import', file('first.ndjson', ndjson(GOOD))], {
          DATABASE_URL: db,
          DEFAULT_COUNTRY: 'US',
        })
      ).code,
      0,
    );
    const lines = [
      JSON.stringify({ customer_id: 'new1', display_name: 'New One' }),
      '{not json',
      JSON.stringify({ customer_id: 'new2', display_name: '' }),
      JSON.stringify({ customer_id: 'new3', display_name: 'X', channels: [{ type: 'sms', value: '12' }] }),
      JSON.stringify({
        customer_id: 'new4',
        display_name: 'Y',
        links: [{ type: 'T', value: 'javascript:alert(1)' }],
      }),
    ].join('\n');
    const result = await runCli(['import', file('bad.ndjson', lines)], { DATABASE_URL: db });
    assert.equal(result.code, 1);
    for (const line of [2, 3, 4, 5]) assert.match(result.stderr, new RegExp(`bad\\.ndjson:${line}: `));
    assert.doesNotMatch(result.stderr, /bad\.ndjson:1:/);
    assert.match(
      result.stderr,
      /not imported: added 0, updated 0, unchanged 0, removed 0, deleted 0, skipped 4/,
    );
    assert.match(result.stderr, /4 invalid record\(s\): nothing was written/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(await idsIn(db), ['c1', 'c2']);
  });

  test('--skip-invalid writes the valid records', async () => {
    const db = freshDb();
    const lines = ndjson([
      { customer_id: 'v1', display_name: 'Valid' },
      { customer_id: '', display_name: 'No id' },
    ]);
    const result = await runCli(['import', '--skip-invalid', file('mixed.ndjson', lines)], {
      DATABASE_URL: db,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /mixed\.ndjson:2: /);
    assert.match(result.stderr, /imported: added 1, updated 0, unchanged 0, removed 0, deleted 0, skipped 1/);
    assert.deepEqual(await idsIn(db), ['v1']);
  });

  test('records upsert by customer_id; --replace keeps exactly the file', async () => {
    const db = freshDb();
    const env = { DATABASE_URL: db, DEFAULT_COUNTRY: 'US' };
    assert.equal((await runCli(['import', file('base.ndjson', ndjson(GOOD))], env)).code, 0);
    const update = ndjson([
      { customer_id: 'c2', display_name: 'Bruno Renamed' },
      { customer_id: 'c3', display_name: 'C' },
    ]);
    assert.equal((await runCli(['import', file('update.ndjson', update)], env)).code, 0);
    const after = (await exportOf(db)) as { customer_id: string; display_name: string; workers: string[] }[];
    assert.deepEqual(
      after.map((r) => r.customer_id),
      ['c1', 'c2', 'c3'],
    );
    assert.equal(after[1]?.display_name, 'Bruno Renamed');
    assert.deepEqual(after[1]?.workers, []);
    // Removing c1 is a third of the book, more than the default 10%: the replace stops, then --force commits it.
    const guarded = await runCli(['import', '--replace', file('update.ndjson', update)], env);
    assert.equal(guarded.code, 1);
    assert.match(
      guarded.stderr,
      /not imported: added 0, updated 0, unchanged 2, removed 1, deleted 0, skipped 0/,
    );
    assert.match(
      guarded.stderr,
      /this replace would remove 1 customer\(s\) of 3 \(33\.3%\), more than --max-remove 10% allows: nothing was written/,
    );
    assert.deepEqual(await idsIn(db), ['c1', 'c2', 'c3']);
    const dry = await runCli(
      ['import', '--replace', '--dry-run', '--max-remove', '1', file('update.ndjson', update)],
      env,
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stderr,
      /dry run, would import: added 0, updated 0, unchanged 2, removed 1, deleted 0, skipped 0/,
    );
    assert.match(dry.stderr, /nothing was written \(--dry-run\)/);
    assert.deepEqual(await idsIn(db), ['c1', 'c2', 'c3']);
    const forced = await runCli(['import', '--replace', '--force', file('update.ndjson', update)], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /imported: added 0, updated 0, unchanged 2, removed 1, deleted 0, skipped 0/);
    assert.deepEqual(await idsIn(db), ['c2', 'c3']);
  });

  test('--max-remove takes a count or a percentage, and only with --replace', async () => {
    const env = { DATABASE_URL: freshDb() };
    const source = file('one.ndjson', ndjson([GOOD[1] as object]));
    for (const [args, message] of [
      [
        ['--replace', '--max-remove', 'ten'],
        /--max-remove must be a number of customers \(500\) or a percentage/,
      ],
      [['--replace', '--max-remove', '150%'], /--max-remove must be/],
      [['--max-remove', '5'], /--max-remove and --force only apply to --replace/],
      [['--force'], /--max-remove and --force only apply to --replace/],
    ] as const) {
      const result = await runCli(['import', ...args, source], env);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    }
    const ok = await runCli(['import', '--replace', '--max-remove', '2.5%', source], env);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('reads stdin with --format', async () => {
    const db = freshDb();
    const result = await runCli(
      ['import', '-', '--format', 'ndjson'],
      { DATABASE_URL: db },
      ndjson([GOOD[1] as object]),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await idsIn(db), ['c2']);
  });

  test('demo-data writes a book that imports whole', async () => {
    const generated = await runCli(['demo-data', '--customers', '300', '--workers', '7']);
    assert.equal(generated.code, 0, generated.stderr);
    assert.equal(generated.stdout.trim().split('\n').length, 300);
    const db = freshDb();
    const result = await runCli(['import', file('demo.ndjson', generated.stdout)], { DATABASE_URL: db });
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await idsIn(db)).length, 300);
  });
});

for (const store of STORES) {
  describe(`frontline import of a spreadsheet's CSV (${store.name})`, () => {
    const SALESFORCE = 'https://acme.lightning.force.com/lightning/r/Account/001;view=full';
    // What Excel writes in France: Windows-1252, ';' between cells, CRLF, a quoted cell wherever one holds a ';'.
    const EXCEL = iconv.encode(
      [
        'customer_id;display_name;email;details_content;link:Salesforce',
        `e1;Renée O’Brien;"renee@example.com;ro@example.com";Budget 5 000 €;"${SALESFORCE}"`,
        'e2;Zoë Müller;zoe@example.com;;',
        '',
      ].join('\r\n'),
      'windows-1252',
    );

    test('--encoding windows-1252 reads the names right; without it, refused with line and byte, nothing written', async () => {
      const env = { DATABASE_URL: await store.freshUrl() };
      const path = file(`excel-${store.name}.csv`, EXCEL);
      const refused = await runCli(['import', path], env);
      assert.equal(refused.code, 1);
      assert.equal(
        refused.stderr,
        `frontline import: ${path} line 2, byte 7: not valid UTF-8 (is the file Windows-1252? pass --encoding windows-1252)\n`,
      );
      assert.deepEqual(await exportOf(env.DATABASE_URL), []);
      const imported = await runCli(['import', '--encoding', 'windows-1252', path], env);
      assert.equal(imported.code, 0, imported.stderr);
      assert.deepEqual(await exportOf(env.DATABASE_URL), [
        {
          customer_id: 'e1',
          display_name: 'Renée O’Brien',
          channels: [
            { type: 'email', value: 'renee@example.com' },
            { type: 'email', value: 'ro@example.com' },
          ],
          links: [{ type: 'Salesforce', value: SALESFORCE, display_name: 'Salesforce' }],
          details: { title: '', content: 'Budget 5 000 €' },
          workers: [],
        },
        {
          customer_id: 'e2',
          display_name: 'Zoë Müller',
          channels: [{ type: 'email', value: 'zoe@example.com' }],
          workers: [],
        },
      ]);
    });

    test('--delimiter tab and --encoding latin1 are honoured, and UTF-16 is read by its BOM', async () => {
      const env = { DATABASE_URL: await store.freshUrl() };
      const tabs = file(
        `tabs-${store.name}.tsv`,
        iconv.encode('customer_id\tdisplay_name\nt1\tÑandú, Größe\n', 'latin1'),
      );
      const tabbed = await runCli(
        ['import', tabs, '--format', 'csv', '--delimiter', 'tab', '--encoding', 'latin1'],
        env,
      );
      assert.equal(tabbed.code, 0, tabbed.stderr);
      const utf16 = file(
        `unicode-${store.name}.csv`,
        iconv.encode('customer_id,display_name\nu1,Łukasz 👋\n', 'utf-16le', { addBOM: true }),
      );
      const unicode = await runCli(['import', utf16], env);
      assert.equal(unicode.code, 0, unicode.stderr);
      assert.deepEqual(await exportOf(env.DATABASE_URL), [
        { customer_id: 't1', display_name: 'Ñandú, Größe', workers: [] },
        { customer_id: 'u1', display_name: 'Łukasz 👋', workers: [] },
      ]);
    });
  });
}

// What a user reads when records are refused: every problem of a record, named as the file names it, and at most
// --max-errors records (100 by default) before the count of the rest and the total.
for (const store of STORES) {
  describe(`frontline import: the invalid records (${store.name})`, () => {
    const run = async (args: string[]) =>
      runCli(['import', ...args], { DATABASE_URL: await store.freshUrl(), DEFAULT_COUNTRY: 'US' });

    test('a CSV row is reported with every problem, each named by its column', async () => {
      const csv = [
        'customer_id,display_name,sms,link:Salesforce',
        'p1,Ana,+1 212 555 0100,https://sf.example.com/p1',
        'p2,,+1 212 555 0101; 555-01,http://sf.example.com/p2',
      ].join('\n');
      const result = await run([file(`people-${store.name}.csv`, csv)]);
      assert.equal(result.code, 1);
      assert.ok(
        result.stderr.includes(
          `people-${store.name}.csv:3: column display_name: missing; column sms: "555-01" is not a phone number; ` +
            'column link:Salesforce: "http://sf.example.com/p2" is not allowed: only https: and mailto: URLs\n',
        ),
        result.stderr,
      );
      assert.doesNotMatch(result.stderr, /channels\[|links\[/);
    });

    test('an NDJSON record is reported with every problem, each named by its JSON path', async () => {
      const bad = ndjson([
        { customer_id: 'p1', display_name: ' ', channels: [{ type: 'sms', value: '555-01' }] },
      ]);
      const result = await run([file(`people-${store.name}.ndjson`, bad)]);
      assert.equal(result.code, 1);
      assert.ok(
        result.stderr.includes(
          `people-${store.name}.ndjson:1: display_name: empty; channels[0].value: "555-01" is not a phone number\n`,
        ),
        result.stderr,
      );
    });

    const many = () => {
      const rows = Array.from({ length: 150 }, (_, i) => `m${i},Many ${i},555-01`);
      return file(`many-${store.name}.csv`, `customer_id,display_name,sms\n${rows.join('\n')}\n`);
    };
    const reported = (stderr: string) =>
      stderr.split('\n').filter((line) => /many-\w+\.csv:\d+: /.test(line));

    test('150 invalid rows: the first 100 are shown, then how many more and the total', async () => {
      const result = await run([many()]);
      assert.equal(result.code, 1);
      const lines = reported(result.stderr);
      assert.equal(lines.length, 100);
      assert.match(lines[0] ?? '', /many-\w+\.csv:2: column sms: "555-01" is not a phone number$/);
      assert.match(lines[99] ?? '', /many-\w+\.csv:101: /);
      assert.match(result.stderr, /\n\.\.\. and 50 more invalid records \(150 in all\)\n/);
    });

    test('--max-errors N shows N, and --max-errors 0 shows every one', async () => {
      const few = await run(['--max-errors', '1', '--skip-invalid', many()]);
      assert.equal(few.code, 0, few.stderr);
      assert.equal(reported(few.stderr).length, 1);
      assert.match(few.stderr, /\.\.\. and 149 more invalid records \(150 in all\)/);
      const all = await run(['--max-errors', '0', many()]);
      assert.equal(all.code, 1);
      assert.equal(reported(all.stderr).length, 150);
      assert.doesNotMatch(all.stderr, /more invalid record/);
    });
  });
}
