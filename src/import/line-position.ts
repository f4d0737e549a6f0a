// Where a byte of an import file is, the way a person looks for it in an editor: its line and its byte within that
// line, both from 1. Lines end at LF (so CRLF ends one line too). Kept up to date chunk by chunk, so that a decoding
// error can be placed without keeping the file.

export interface BytePosition {
  line: number;
  byte: number;
}

export interface LineTracker {
  /** Where chunk[index] is, for the chunk about to be passed; a negative index is in the bytes before the chunk. */
  positionOf(chunk: Buffer, index: number): BytePosition;
  /** Moves past the chunk. */
  advance(chunk: Buffer): void;
}

const LF = 0x0a;

export function lineTracker(): LineTracker {
  let line = 1;
  let lineStart = 0;
  let offset = 0;
  const scan = (chunk: Buffer, end: number) => {
    let lines = 0;
    let last = -1;
    for (let lf = chunk.indexOf(LF); lf !== -1 && lf < end; lf = chunk.indexOf(LF, lf + 1)) {
      lines += 1;
      last = lf;
    }
    return { line: line + lines, lineStart: last === -1 ? lineStart : offset + last + 1 };
  };
  return {
    positionOf(chunk, index) {
      const at = scan(chunk, Math.max(index, 0));
      return { line: at.line, byte: offset + index - at.lineStart + 1 };
    },
    advance(chunk) {
      const at = scan(chunk, chunk.length);
      line = at.line;
      lineStart = at.lineStart;
      offset += chunk.length;
    },
  };
}

export function describePosition({ line, byte }: BytePosition): string {
  return `line ${line}, byte ${byte}`;
}
