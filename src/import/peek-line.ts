// Reads a text stream up to its first line break without losing any of it: the first line, and the whole text.
import { Readable } from 'node:stream';

const LINE_BREAK = /[\r\n]/;

export async function peekFirstLine(
  input: Readable,
  maxChars: number,
): Promise<{ line: string; text: Readable }> {
  const chunks: AsyncIterator<string> = input[Symbol.asyncIterator]();
  let head = '';
  while (head.length < maxChars) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
    if (LINE_BREAK.test(next.value)) break;
  }
  async function* whole() {
    try {
      if (head !== '') yield head;
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
    } finally {
      await chunks.return?.();
    }
  }
  return { line: head.split(LINE_BREAK)[0] ?? '', text: Readable.from(whole()) };
}
