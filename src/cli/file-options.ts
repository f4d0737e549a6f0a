// The options that every command reading an import file takes the same way (import, import-workers): the format,
// the encoding, the CSV separator, and how many invalid records to show.
import { type CsvDelimiter, csvDelimiterNamed } from '../import/csv-header.ts';
import { TEXT_ENCODINGS, type TextEncoding, textEncodingNamed } from '../import/decode-text.ts';
import type { ImportFormat } from '../import/read-records.ts';
import { wholeNumber } from './args.ts';
import { usageError } from './cli-error.ts';
import { DEFAULT_MAX_ERRORS } from './invalid-report.ts';

export const FILE_OPTIONS = {
  format: { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  'max-errors': { type: 'string' },
} as const;

/** The --help lines of FILE_OPTIONS, in the command table's layout. */
export const FILE_OPTIONS_HELP = `  --format ndjson|csv      Format when the file name does not tell (required for stdin)
  --encoding NAME          utf-8 (default, or as a BOM says), windows-1252, latin1, utf-16le, utf-16be
  --delimiter ','|';'|tab  CSV cell separator (default: told by the header line)
  --max-errors N           Show the first N invalid records (default 100, 0 = all), then how many in all`;

export interface FileOptions {
  format: ImportFormat | undefined;
  encoding: TextEncoding | undefined;
  delimiter: CsvDelimiter | undefined;
  maxErrors: number;
}

export function fileOptions(values: {
  format?: string | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  'max-errors'?: string | undefined;
}): FileOptions {
  const format = values.format;
  if (format !== undefined && format !== 'ndjson' && format !== 'csv')
    throw usageError('--format must be ndjson or csv');
  const encoding = values.encoding === undefined ? undefined : textEncodingNamed(values.encoding);
  if (values.encoding !== undefined && encoding === undefined)
    throw usageError(`--encoding must be one of ${TEXT_ENCODINGS.join(', ')}`);
  const delimiter = values.delimiter === undefined ? undefined : csvDelimiterNamed(values.delimiter);
  if (values.delimiter !== undefined && delimiter === undefined)
    throw usageError("--delimiter must be ',', ';' or tab");
  const maxErrors = wholeNumber('max-errors', values['max-errors'], DEFAULT_MAX_ERRORS);
  return { format, encoding, delimiter, maxErrors };
}
