// Shared by the import reader tests: fixture paths, scratch files, and draining a reader into an array.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { type ImportEntry, type ReadRecordsOptions, readRecords } from '../../src/import/read-records.ts';

export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

const scratch = mkdtempSync(join(tmpdir(), 'read-records-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a file in a directory removed after the test file's tests: for CRLF and other bytes git may rewrite. */
export function scratchFile(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

export async function readAll(source: string, options: ReadRecordsOptions = {}): Promise<ImportEntry[]> {
  const entries: ImportEntry[] = [];
  for await (const entry of readRecords(source, options)) entries.push(entry);
  return entries;
}

/** Only the line numbers and either the customer_id or the error: what most assertions compare. */
export function summary(entries: ImportEntry[]): (readonly [number, string])[] {
  return entries.map((entry) =>
    'error' in entry
      ? ([entry.line, `error: ${entry.error}`] as const)
      : ([entry.line, idOf(entry.raw)] as const),
  );
}

function idOf(raw: unknown): string {
  return String((raw as { customer_id?: unknown }).customer_id);
}
