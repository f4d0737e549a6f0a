// The CSV header decides how every later row is read, so a wrong header stops the import with one message instead
// of failing every row (or, worse, silently dropping a misspelled column).

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

/** The column names in file order: known names lower-cased, `link:<Type>` columns with their type as written. */
export function parseCsvHeader(cells: readonly string[], label: string): string[] {
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
    if (!(CSV_COLUMNS as readonly string[]).includes(lower)) {
      fail(
        `unknown column ${JSON.stringify(name)}; the columns are ${CSV_COLUMNS.join(', ')} and link:<Type>`,
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
