// NDJSON: one JSON object per line, from the decoded text (decode-text.ts, which also drops a byte order mark).
// node:readline streams the lines, so memory holds one line, not the file.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ImportEntry } from './import-entry.ts';
import { lineLengthGuard } from './line-length-guard.ts';

// Far above any valid record (a customer is at most 60 KB of JSON, plus up to 1000 worker identities).
const MAX_LINE_CHARS = 4 * 1024 * 1024;

export async function* readNdjson(input: Readable, label: string): AsyncGenerator<ImportEntry> {
  const guard = lineLengthGuard(MAX_LINE_CHARS, label);
  input.on('error', (error) => guard.destroy(error));
  const lines = createInterface({ input: input.pipe(guard), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      yield parseLine(text, line);
    }
  } finally {
    lines.close();
    guard.destroy();
  }
}

function parseLine(json: string, line: number): ImportEntry {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { line, error: `not valid JSON: ${jsonProblem(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { line, error: `expected a JSON object, got ${kind}` };
  }
  return { line, raw: value };
}

// V8 echoes the whole input in its message (`Unexpected token 'x', "{...}" is not valid JSON`): keep the diagnosis.
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, ".*$/s, '').slice(0, 120);
}
