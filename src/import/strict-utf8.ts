// UTF-8, checked as it streams: TextDecoder's fatal mode refuses the first malformed sequence and holds a sequence
// split between chunks until its end arrives. It does not say where it failed, so on failure (only then) the bad
// sequence is found again by decoding prefixes of the chunk, and placed by line and byte for the message.
import type { DecodeStep } from './decode-step.ts';
import { describePosition, lineTracker } from './line-position.ts';

const HINT = 'is the file Windows-1252? pass --encoding windows-1252';
const EMPTY = Buffer.alloc(0);
// The longest UTF-8 sequence is 4 bytes: a sequence the decoder holds back starts in the last 3 bytes it was given.
const HELD = 3;

export function strictUtf8(label: string): DecodeStep {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines = lineTracker();
  let tail = EMPTY;
  const fail = (chunk: Buffer, index: number) =>
    new Error(`${label} ${describePosition(lines.positionOf(chunk, index))}: not valid UTF-8 (${HINT})`);
  return {
    write(chunk) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw fail(chunk, firstBadByte(tail, chunk));
      }
      lines.advance(chunk);
      tail =
        chunk.length >= HELD
          ? Buffer.from(chunk.subarray(-HELD))
          : Buffer.concat([tail, chunk]).subarray(-HELD);
      return text;
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        // The file ends inside a sequence.
        throw fail(EMPTY, sequenceStart(tail) - tail.length);
      }
    },
  };
}

/** The index in chunk (negative: in the bytes before it) of the first byte of the first malformed sequence. */
function firstBadByte(tail: Buffer, chunk: Buffer): number {
  const held = tail.subarray(sequenceStart(tail));
  const bytes = Buffer.concat([held, chunk]);
  // The shortest prefix the decoder refuses ends with the byte that showed a sequence to be broken...
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (refuses(bytes.subarray(0, middle))) high = middle;
    else low = middle + 1;
  }
  // ...which is that sequence's first byte, or comes up to 3 bytes after it: the sequence starts where the longest
  // prefix that decodes whole ends.
  let start = low - 1;
  while (start > 0 && start > low - 4 && !decodesWhole(bytes.subarray(0, start))) start -= 1;
  return start - held.length;
}

/** Where the last sequence in these bytes may start: its byte that is not a continuation byte (10xxxxxx). */
function sequenceStart(bytes: Buffer): number {
  for (let index = bytes.length - 1; index >= 0; index -= 1) {
    if (((bytes[index] ?? 0) & 0xc0) !== 0x80) return index;
  }
  return bytes.length;
}

/** Whether the decoder refuses these bytes, when more may follow (`partial`) or when they are all there is. */
function refuses(bytes: Buffer, partial = true): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
    return false;
  } catch {
    return true;
  }
}

function decodesWhole(bytes: Buffer): boolean {
  return !refuses(bytes, false);
}
