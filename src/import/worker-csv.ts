// The CSV layout of a workers file (`frontline import-workers`): a header with `identity` and any of the three
// names, in any order and case. A wrong header stops the import with one message, as a customers file's does.
import { separatorHint } from './csv-header.ts';
import type { CsvLayout } from './read-csv.ts';

export const WORKER_CSV_COLUMNS = ['identity', 'display_name', 'first_name', 'last_name'] as const;

export const WORKER_CSV: CsvLayout = {
  isKnown: (name) => (WORKER_CSV_COLUMNS as readonly string[]).includes(name.trim().toLowerCase()),
  header(cells, label, delimiter) {
    const fail = (problem: string): never => {
      throw new Error(`${label}: ${problem}`);
    };
    const columns = cells.map((cell) => cell.trim().toLowerCase());
    columns.forEach((column, index) => {
      if (!(WORKER_CSV_COLUMNS as readonly string[]).includes(column))
        fail(
          `unknown column ${JSON.stringify(cells[index]?.trim())}; the columns are ${WORKER_CSV_COLUMNS.join(', ')}${separatorHint(cells[index] ?? '', delimiter)}`,
        );
      if (columns.indexOf(column) !== index) fail(`column ${JSON.stringify(column)} appears twice`);
    });
    if (!columns.includes('identity'))
      fail('the header has no identity column (is the first line a header?)');
    return columns;
  },
  toRaw(row) {
    return { raw: Object.fromEntries(Object.entries(row).filter(([, cell]) => cell.trim() !== '')) };
  },
};
