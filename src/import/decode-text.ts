// The one place where an import file's bytes become text. The encoding is given (--encoding) or read from a byte
// order mark (UTF-8, UTF-16LE, UTF-16BE), else UTF-8, which is checked as it streams: a Windows-1252 file read as
// UTF-8 is refused with the line and byte where it breaks instead of imported with garbled names. The readers get
// strings without a BOM; one chunk is held at a time, whatever the file's size.
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import type { DecodeStep } from './decode-step.ts';
import { describePosition, lineTracker } from './line-position.ts';
import { strictUtf8 } from './strict-utf8.ts';

// `latin1` is read as Windows-1252, as browsers read it: the two agree on every letter, and where ISO-8859-1 has
// invisible control characters (0x80-0x9F), which no customer file means, Windows-1252 has € ’ “ ” and the like.
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

const BOMS = [
  { encoding: 'utf-8', name: 'UTF-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', name: 'UTF-16LE', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', name: 'UTF-16BE', bytes: [0xfe, 0xff] },
] as const;
const LONGEST_BOM = 3;
const EMPTY = Buffer.alloc(0);

export function textEncodingNamed(name: string): TextEncoding | undefined {
  const lower = name.toLowerCase();
  return TEXT_ENCODINGS.find((encoding) => encoding === lower);
}

export function decodeText(encoding: TextEncoding | undefined, label: string): Transform {
  let step: DecodeStep | undefined;
  // Until the first bytes are in, there is no telling which byte order mark the file starts with.
  let head = EMPTY;
  return new Transform({
    encoding: 'utf8',
    transform(chunk: Buffer, _encoding, callback) {
      try {
        if (step !== undefined) return callback(null, step.write(chunk));
        head = Buffer.concat([head, chunk]);
        if (head.length < LONGEST_BOM) return callback();
        step = stepFor(encoding, head, label);
        const text = step.write(head);
        head = EMPTY;
        callback(null, text);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      try {
        let text = '';
        if (step === undefined) {
          step = stepFor(encoding, head, label);
          text = step.write(head);
        }
        callback(null, text + step.end());
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

function stepFor(given: TextEncoding | undefined, head: Buffer, label: string): DecodeStep {
  const bom = BOMS.find(({ bytes }) => bytes.every((byte, index) => head[index] === byte));
  if (given !== undefined && bom !== undefined && bom.encoding !== given) {
    throw new Error(
      `${label}: starts with a ${bom.name} byte order mark, but the encoding given is ${given} (leave it out)`,
    );
  }
  const encoding = given ?? bom?.encoding ?? 'utf-8';
  if (encoding === 'utf-8') return strictUtf8(label);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return iconvStep(encoding);
  return windows1252(label);
}

function iconvStep(encoding: 'utf-16le' | 'utf-16be'): DecodeStep {
  // iconv-lite drops the byte order mark and holds a code unit split between chunks.
  const decoder = iconv.getDecoder(encoding);
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

function windows1252(label: string): DecodeStep {
  const decoder = iconv.getDecoder('windows-1252');
  const lines = lineTracker();
  return {
    write(chunk) {
      const text = decoder.write(chunk);
      // Five bytes mean nothing in Windows-1252 and come out as U+FFFD; one byte is one character, so the index of
      // the character is the index of the byte.
      const unknown = text.indexOf('\uFFFD');
      if (unknown !== -1) {
        const byte = (chunk[unknown] ?? 0).toString(16).toUpperCase();
        throw new Error(
          `${label} ${describePosition(lines.positionOf(chunk, unknown))}: byte 0x${byte} is not a character in Windows-1252`,
        );
      }
      lines.advance(chunk);
      return text;
    },
    end: () => decoder.end() ?? '',
  };
}
