// The CSV header decides how every later row is read, so a wrong header stops the import with one message instead
// of failing every row (or, worse, silently dropping a misspelled column). It also tells the file's separator:
// spreadsheets write ',' in English, ';' where ',' is the decimal mark (most of Europe) and a tab for "text".

export const CSV_COLUMNS = [
  'customer_id',
  'display_name',
  'workers',
  'sms',
  'whatsapp',
  'email',
  'chat',
  'avatar',
  'details_title',
  'details_content',
] as const;

export const LINK_COLUMN_PREFIX = 'link:';
const REQUIRED = ['customer_id', 'display_name'];

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const DELIMITER_NAMES: Record<string, CsvDelimiter> = {
  ',': ',',
  ';': ';',
  tab: '\t',
  '\\t': '\t',
  '\t': '\t',
};

/** `,` `;` and `tab` (or `\t`, or a tab), as --delimiter takes them. */
export function csvDelimiterNamed(name: string): CsvDelimiter | undefined {
  const lower = name.toLowerCase();
  return Object.hasOwn(DELIMITER_NAMES, lower) ? DELIMITER_NAMES[lower] : undefined;
}

/** The separator that splits the header line into the most known column names; ',' when none does. */
export function detectDelimiter(
  headerLine: string,
  isKnown: (name: string) => boolean = isKnownColumn,
): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestKnown = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const known = headerLine.split(delimiter).filter((cell) => isKnown(unquoted(cell))).length;
    if (known > bestKnown) [best, bestKnown] = [delimiter, known];
  }
  return best;
}

/** The column names in file order: known names lower-cased, `link:<Type>` columns with their type as written. */
export function parseCsvHeader(
  cells: readonly string[],
  label: string,
  delimiter: CsvDelimiter = ',',
): string[] {
  const fail = (problem: string): never => {
    throw new Error(`${label}: ${problem}`);
  };
  const columns = cells.map((cell) => {
    const name = cell.trim();
    const lower = name.toLowerCase();
    if (lower.startsWith(LINK_COLUMN_PREFIX)) {
      const type = name.slice(LINK_COLUMN_PREFIX.length).trim();
      if (type === '') fail(`column ${JSON.stringify(name)} needs a link type, e.g. "link:Salesforce"`);
      return `${LINK_COLUMN_PREFIX}${type}`;
    }
    // A column only some rows would fill would make a row's meaning depend on one cell: deletions are NDJSON lines.
    if (lower === 'deleted')
      fail(
        'a "deleted" column is not read: CSV rows add and update customers; delete them with NDJSON deletion lines ({"customer_id": "…", "deleted": true}) or a replace',
      );
    if (!isKnownColumn(name)) {
      fail(
        `unknown column ${JSON.stringify(name)}; the columns are ${CSV_COLUMNS.join(', ')} and link:<Type>${separatorHint(name, delimiter)}`,
      );
    }
    return lower;
  });
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) fail(`column ${JSON.stringify(column)} appears twice`);
    seen.add(column);
  }
  const missing = REQUIRED.filter((column) => !seen.has(column));
  if (missing.length > 0)
    fail(`the header has no ${missing.join(' or ')} column (is the first line a header?)`);
  return columns;
}

/** A customers file's column: one of CSV_COLUMNS or a `link:<Type>`, in any case. */
export function isKnownColumn(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return lower.startsWith(LINK_COLUMN_PREFIX) || (CSV_COLUMNS as readonly string[]).includes(lower);
}

function unquoted(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

/** For a column name that holds another separator: the file was likely split on the wrong one. */
export function separatorHint(name: string, used: CsvDelimiter): string {
  const other = CSV_DELIMITERS.find((delimiter) => delimiter !== used && name.includes(delimiter));
  if (other === undefined) return '';
  return ` (the header was split on ${shown(used)}; if ${shown(other)} separates its columns, pass --delimiter ${flag(other)})`;
}

const shown = (delimiter: CsvDelimiter) => (delimiter === '\t' ? 'tabs' : `'${delimiter}'`);
const flag = (delimiter: CsvDelimiter) => (delimiter === '\t' ? 'tab' : `'${delimiter}'`);
