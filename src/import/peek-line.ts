// Reads a text stream up to the end of its first line that is not empty, without losing any of it: that line, and
// a stream of the whole text. (csv-parse skips empty lines before the header, so the header is that line.)
import { Readable } from 'node:stream';

const LINE_BREAK = /[\r\n]/;
const NOT_A_BREAK = /[^\r\n]/;

export async function peekFirstLine(
  input: Readable,
  maxChars: number,
): Promise<{ line: string; text: Readable }> {
  const chunks: AsyncIterator<string> = input[Symbol.asyncIterator]();
  let head = '';
  let start = -1;
  while (head.length < maxChars) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
    if (start === -1) start = indexOf(head, NOT_A_BREAK, head.length - next.value.length);
    if (start !== -1 && indexOf(head, LINE_BREAK, Math.max(start, head.length - next.value.length)) !== -1)
      break;
  }
  async function* whole() {
    try {
      if (head !== '') yield head;
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
    } finally {
      await chunks.return?.();
    }
  }
  const line = start === -1 ? '' : (head.slice(start).split(LINE_BREAK)[0] ?? '');
  return { line, text: Readable.from(whole()) };
}

function indexOf(text: string, pattern: RegExp, from: number): number {
  const at = text.slice(from).search(pattern);
  return at === -1 ? -1 : from + at;
}
