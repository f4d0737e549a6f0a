// CSV through csv-parse, streamed from the decoded text (decode-text.ts, which drops a BOM): memory holds one
// record. Rows come as arrays and the header is read here, not by csv-parse's `columns`, so that a bad header is one
// clear error and a row with a wrong cell count is reported against its own line instead of stopping the parser.
// The separator is given, or told by the header line, peeked at before the parser starts. A CsvLayout says which
// columns a file may have and how a row becomes a raw record: customers' by default, worker profiles' for
// import-workers.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { type CsvError, type Info, type InfoRecord, type Options, parse } from 'csv-parse';
import { type CsvDelimiter, detectDelimiter, isKnownColumn, parseCsvHeader } from './csv-header.ts';
import { type CsvRecord, csvRowToRaw } from './csv-row.ts';
import type { ImportEntry } from './import-entry.ts';
import { peekFirstLine } from './peek-line.ts';

// Far above any valid record; an unclosed quote would otherwise swallow the rest of the file into one cell.
const MAX_RECORD_CHARS = 4 * 1024 * 1024;
// Far above any header (twelve columns and a few link types); a longer first line is told by its start.
const MAX_HEADER_CHARS = 64 * 1024;

interface ParsedRow {
  line: number;
  cells: string[];
}

export interface CsvLayout {
  /** Whether a header cell names one of the layout's columns: how the separator is told. */
  isKnown(name: string): boolean;
  /** The column names in file order; throws one Error naming the file (label) for a header it cannot read. */
  header(cells: readonly string[], label: string, delimiter: CsvDelimiter): string[];
  /**
   * One row, keyed by column, as the raw object the normalizer takes (an empty cell is an absent field), and where
   * each field came from when fields are not named as their columns are (csv-row.ts).
   */
  toRaw(row: Readonly<Record<string, string>>): Pick<CsvRecord, 'raw'> & Partial<CsvRecord>;
}

export const CUSTOMER_CSV: CsvLayout = { isKnown: isKnownColumn, header: parseCsvHeader, toRaw: csvRowToRaw };

export interface ReadCsvOptions {
  /** Customers' columns unless given. */
  layout?: CsvLayout | undefined;
  /** Told by the header line unless given. */
  delimiter?: CsvDelimiter | undefined;
}

export async function* readCsv(
  input: Readable,
  label: string,
  given: ReadCsvOptions = {},
): AsyncGenerator<ImportEntry> {
  const layout = given.layout ?? CUSTOMER_CSV;
  const { line: headerLine, text } = await peekFirstLine(input, MAX_HEADER_CHARS);
  const delimiter = given.delimiter ?? detectDelimiter(headerLine, layout.isKnown);
  // csv-parse's info.lines is the line a record ends on and counts a quoted CRLF twice. The start line is worked
  // out from the previous record's end, the empty lines skipped since, and the line breaks inside the cells. It is
  // tracked in on_record, as records are parsed, because a parse error discards the records not yet consumed.
  const lines = { end: 0, empty: 0 };
  const options: Options<ParsedRow, string[]> = {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    // Files edited on several systems mix line endings; auto-detection would fix on the first one it meets.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_CHARS,
    on_record: (cells: string[], info: InfoRecord) => {
      const line = lines.end + 1 + info.empty_lines - lines.empty;
      lines.end = line + cells.reduce((breaks, cell) => breaks + lineBreaks(cell), 0);
      lines.empty = info.empty_lines;
      return { line, cells };
    },
  };
  // csv-parse's typings tie on_record's result to the record type only when `columns` is set.
  const parser = parse(options as unknown as Options);
  pipeline(text, parser, () => {});
  let header: string[] | undefined;
  try {
    for await (const { line, cells } of parser as AsyncIterable<ParsedRow>) {
      if (header === undefined) {
        header = layout.header(cells, label, delimiter);
      } else if (cells.every((cell) => cell.trim() === '')) {
        // A spreadsheet's blank row (",,,,"): nothing to import and nothing wrong.
      } else if (cells.length !== header.length) {
        const hint = delimiter === ';' && cells.length > header.length ? UNQUOTED_LIST : '';
        yield { line, error: `${cells.length} cells, but the header has ${header.length} columns${hint}` };
      } else {
        const row: Record<string, string> = {};
        header.forEach((column, index) => {
          row[column] = cells[index] ?? '';
        });
        yield { line, ...layout.toRaw(row) };
      }
    }
    // A CSV without a header cannot be told apart from a truncated one; `import --replace` of it would empty the book.
    if (header === undefined) throw new Error(`${label}: empty file, expected a header line`);
  } catch (error) {
    throw isCsvError(error)
      ? new Error(`${label} line ${recordStart(lines, error)}: ${csvProblem(error)}`)
      : error;
  } finally {
    parser.destroy();
  }
}

// In a ';'-separated file, an unquoted cell listing several values splits into as many cells.
const UNQUOTED_LIST = " (in a ';'-separated file, quote a cell that lists several values)";

const LINE_BREAK = /\r\n|\r|\n/g;

function lineBreaks(cell: string): number {
  if (!cell.includes('\n') && !cell.includes('\r')) return 0;
  return cell.match(LINE_BREAK)?.length ?? 0;
}

function isCsvError(error: unknown): error is CsvError {
  return (
    error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && 'empty_lines' in error
  );
}

function recordStart(lines: { end: number; empty: number }, error: CsvError): number {
  const empty = (error as unknown as Info).empty_lines;
  return lines.end + 1 + (typeof empty === 'number' ? empty - lines.empty : 0);
}

const PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a missing " ?)',
  CSV_INVALID_CLOSING_QUOTE: 'a character follows a closing quote (write a " inside a quoted cell as "")',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell (quote the whole cell and write the " as "")',
  CSV_MAX_RECORD_SIZE: 'a record longer than 4 MB (an unclosed quote?)',
};

function csvProblem(error: CsvError): string {
  return PROBLEMS[error.code] ?? error.message.split('\n')[0] ?? error.code;
}
