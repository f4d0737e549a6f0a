// The one entry point of import reading: picks the format, opens the source, decodes its bytes into text once
// (decode-text.ts) and streams entries with line numbers.
import { extname } from 'node:path';
import { pipeline } from 'node:stream';
import type { CsvDelimiter } from './csv-header.ts';
import { decodeText, type TextEncoding } from './decode-text.ts';
import type { ImportEntry, ProgressListener } from './import-entry.ts';
import { type ImportSource, openSource } from './open-source.ts';
import { type CsvLayout, readCsv } from './read-csv.ts';
import { readNdjson } from './read-ndjson.ts';

export type { ImportEntry, ProgressListener } from './import-entry.ts';
export type { ImportSource, StreamSource } from './open-source.ts';

export type ImportFormat = 'ndjson' | 'csv';

export interface ReadRecordsOptions {
  format?: ImportFormat | undefined;
  /** Unset: from the byte order mark, else UTF-8 (and a file that is not valid UTF-8 is refused). */
  encoding?: TextEncoding | undefined;
  /** CSV only; unset: the separator that splits the header into known columns. */
  delimiter?: CsvDelimiter | undefined;
  /** Bytes of the file as read, before decoding. */
  onProgress?: ProgressListener | undefined;
  /** The columns of a CSV file: customers' unless given. */
  csv?: CsvLayout | undefined;
}

const FORMAT_BY_EXTENSION: Record<string, ImportFormat> = {
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
};

/**
 * Streams the records of `source` (a path, '-' for stdin, or a stream with its label; stdin and a stream need
 * `format`). Throws at once when the format cannot be told;
 * a source that cannot be read, or a file that cannot be parsed past some point, fails the iteration with a
 * one-line Error. Records that are merely invalid are entries with an `error`, and reading goes on.
 */
export function readRecords(
  source: ImportSource,
  options: ReadRecordsOptions = {},
): AsyncIterable<ImportEntry> {
  const label = typeof source === 'string' ? source : source.label;
  if (typeof source !== 'string' && options.format === undefined)
    throw new Error(`reading ${label} needs a format: ndjson or csv`);
  const format = options.format ?? formatOf(label);
  if (format !== 'csv' && options.delimiter !== undefined)
    throw new Error(`a delimiter is for CSV, and ${label} is read as ${format}`);
  return read(source, format, options);
}

export function formatOf(source: string): ImportFormat {
  if (source === '-') throw new Error('reading stdin needs a format: ndjson or csv');
  const format = FORMAT_BY_EXTENSION[extname(source).toLowerCase()];
  if (format === undefined) {
    throw new Error(
      `cannot tell the format of ${source}: name it .csv, .ndjson, .jsonl or .json, or give the format`,
    );
  }
  return format;
}

async function* read(
  source: ImportSource,
  format: ImportFormat,
  options: ReadRecordsOptions,
): AsyncGenerator<ImportEntry> {
  const opened = await openSource(source, options.onProgress);
  const text = decodeText(options.encoding, opened.label);
  // pipeline hands a read error on to the text stream, and so to the reader iterating it.
  pipeline(opened.stream, text, () => {});
  try {
    yield* format === 'csv'
      ? readCsv(text, opened.label, { layout: options.csv, delimiter: options.delimiter })
      : readNdjson(text, opened.label);
  } finally {
    text.destroy();
    opened.close();
  }
}
