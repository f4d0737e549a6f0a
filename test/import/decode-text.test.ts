import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text as collect } from 'node:stream/consumers';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeText, type TextEncoding } from '../../src/import/decode-text.ts';

/** Feeds the bytes through decodeText in chunks of `size` bytes (a split inside every character, at size 1). */
function decode(bytes: Buffer, size: number, encoding?: TextEncoding): Promise<string> {
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
    bytes.subarray(i * size, (i + 1) * size),
  );
  return collect(Readable.from(chunks).pipe(decodeText(encoding, 'people.csv')));
}

/** UTF-8 text and raw bytes, in order. */
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

const SIZES = [1, 2, 3, 5, 4096];
const TEXT = 'customer_id,display_name\nc1,Zoë Müller\nc2,Prix 5 € ’a’\nc3,👩‍🚀 Ana\n';

test('a character split between chunks is decoded whole: UTF-8 with or without BOM, UTF-16 with BOM', async () => {
  const files: Buffer[] = [
    Buffer.from(TEXT),
    Buffer.from(`\uFEFF${TEXT}`),
    iconv.encode(TEXT, 'utf-16le', { addBOM: true }),
    iconv.encode(TEXT, 'utf-16be', { addBOM: true }),
  ];
  for (const bytes of files)
    for (const size of SIZES)
      assert.equal(await decode(bytes, size), TEXT, `${bytes.length} bytes by ${size}`);
});

test('the first byte that is not UTF-8 is placed by line and byte, however the file is split', async () => {
  const cases: [string, Buffer, number, number][] = [
    // Windows-1252's é in the middle of a word: the UTF-8 decoder only sees the break at the next byte.
    ['é then a letter', Buffer.from('ab\r\ncd\nc2,Ren\xe9e Dupont\n', 'latin1'), 3, 7],
    ['a lone continuation byte (’)', Buffer.from('x\nit\x92s\n', 'latin1'), 2, 3],
    ['a sequence cut short by the line end', Buffer.from('x\nab\xe2\x82\ncd', 'latin1'), 2, 3],
    ['an overlong form', Buffer.from('\xc0\xaf', 'latin1'), 1, 1],
    ['a four-byte sequence broken at its last byte', bytes('ok 👍\nno ', [0xf0, 0x9f, 0x98], '!'), 2, 4],
    ['a file that ends inside a sequence', bytes('\uFEFFab\n€', [0xe2, 0x82]), 2, 4],
  ];
  for (const [name, bytes, line, byte] of cases) {
    for (const size of SIZES) {
      await assert.rejects(
        decode(bytes, size),
        {
          message: `people.csv line ${line}, byte ${byte}: not valid UTF-8 (is the file Windows-1252? pass --encoding windows-1252)`,
        },
        `${name}, by ${size}`,
      );
    }
  }
});

test('Windows-1252 (and latin1, read as Windows-1252) converts every character, and refuses its five holes', async () => {
  const bytes = iconv.encode(TEXT.replace('👩‍🚀 ', ''), 'windows-1252');
  for (const size of [1, 4096]) {
    assert.equal(await decode(bytes, size, 'windows-1252'), TEXT.replace('👩‍🚀 ', ''));
    assert.equal(await decode(bytes, size, 'latin1'), TEXT.replace('👩‍🚀 ', ''));
  }
  await assert.rejects(decode(Buffer.from('a\nbc\x81', 'latin1'), 1, 'windows-1252'), {
    message: 'people.csv line 2, byte 3: byte 0x81 is not a character in Windows-1252',
  });
});

test('a byte order mark that contradicts the encoding given is an error; one that agrees is dropped', async () => {
  await assert.rejects(decode(Buffer.from('\uFEFFa,b\n'), 2, 'windows-1252'), {
    message:
      'people.csv: starts with a UTF-8 byte order mark, but the encoding given is windows-1252 (leave it out)',
  });
  await assert.rejects(decode(iconv.encode('a', 'utf-16le', { addBOM: true }), 4096, 'utf-16be'), {
    message:
      'people.csv: starts with a UTF-16LE byte order mark, but the encoding given is utf-16be (leave it out)',
  });
  assert.equal(await decode(iconv.encode('Zoë', 'utf-16be', { addBOM: true }), 1, 'utf-16be'), 'Zoë');
  assert.equal(await decode(Buffer.from('\uFEFFZoë'), 1, 'utf-8'), 'Zoë');
  assert.equal(await decode(Buffer.from('Zo'), 1), 'Zo');
  assert.equal(await decode(Buffer.alloc(0), 1), '');
});
