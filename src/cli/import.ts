// `frontline import FILE`: validate, normalize and upsert customers in one transaction. Exit 0 when the import was
// committed (with --skip-invalid, also when records were skipped) or, with --dry-run, would have been; 1 otherwise.
// Whatever happens, the summary says how many customers were (or would be) added, updated, unchanged, removed (by a
// replace), deleted (by deletion lines) and skipped.
import { loadConfig } from '../config.ts';
import {
  DEFAULT_REMOVAL_LIMIT,
  type ImportResult,
  importCustomers,
  type RemovalLimit,
  removalLimitOf,
} from '../import/import-customers.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';
import { usageError } from './cli-error.ts';
import { FILE_OPTIONS, fileOptions } from './file-options.ts';
import { invalidReport } from './invalid-report.ts';
import { progressBar } from './progress.ts';

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...FILE_OPTIONS,
      'skip-invalid': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'max-remove': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    true,
  );
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0) throw usageError('import takes one FILE (or - for stdin)');
  const { format, encoding, delimiter, maxErrors } = fileOptions(values);
  const removalLimit =
    values['max-remove'] === undefined ? undefined : parseRemovalLimit(values['max-remove']);
  if ((removalLimit !== undefined || values.force) && !values.replace)
    throw usageError('--max-remove and --force only apply to --replace');
  const dryRun = values['dry-run'];

  const config = loadConfig(process.env);
  const store = await openStore(config.database);
  const bar = progressBar(process.stderr);
  const started = Date.now();
  const report = invalidReport(source, maxErrors, process.stderr);
  try {
    const result = await importCustomers(store, {
      source,
      format,
      encoding,
      delimiter,
      replace: values.replace,
      skipInvalid: values['skip-invalid'],
      dryRun,
      removalLimit,
      force: values.force,
      defaultCountry: config.defaultCountry,
      onInvalid: report.onInvalid,
      onProgress: bar.update,
    });
    bar.done();
    report.finish();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`${summaryLine(result, dryRun)} in ${seconds} s\n`);
    const outcome = outcomeLine(result, values['max-remove'] ?? limitText(DEFAULT_REMOVAL_LIMIT));
    if (outcome !== undefined) process.stderr.write(`${outcome}\n`);
    return result.committed || result.refusal === 'dry-run' ? 0 : 1;
  } finally {
    bar.done();
    await store.close();
  }
}

/** `N` customers or `P%` of the book; P may have decimals, N may not. */
export function parseRemovalLimit(text: string): RemovalLimit {
  const limit = removalLimitOf(text);
  if (limit !== undefined) return limit;
  throw usageError(
    `--max-remove must be a number of customers (500) or a percentage of the book (10%), not "${text}"`,
  );
}

const count = (n: number) => n.toLocaleString('en-US');

/** A removal limit as --max-remove takes it. */
const limitText = (limit: RemovalLimit) => ('percent' in limit ? `${limit.percent}%` : `${limit.customers}`);

function summaryLine(result: ImportResult, dryRun: boolean): string {
  const counts = `added ${count(result.added)}, updated ${count(result.updated)}, unchanged ${count(result.unchanged)}, removed ${count(result.removed)}, deleted ${count(result.deleted)}, skipped ${count(result.skipped)}`;
  if (result.committed) return `imported: ${counts}`;
  return dryRun && result.refusal !== 'invalid'
    ? `dry run, would import: ${counts}`
    : `not imported: ${counts}`;
}

function outcomeLine(result: ImportResult, limit: string): string | undefined {
  const nothing = result.refusal === 'dry-run' ? 'nothing was written (--dry-run)' : 'nothing was written';
  switch (result.refusal) {
    case undefined:
      return undefined;
    case 'dry-run':
      return nothing;
    case 'invalid':
      return `${count(result.skipped)} invalid record(s): nothing was written (fix them, or pass --skip-invalid)`;
    case 'unidentified':
      return `${count(result.unidentified)} row(s) could not be read, so this replace cannot tell which customers they keep: nothing was written (fix them, or pass --force to remove those customers)`;
    case 'removal-limit': {
      const share = result.bookBefore
        ? ` of ${count(result.bookBefore)} (${((100 * result.removed) / result.bookBefore).toFixed(1)}%)`
        : '';
      return `this replace would remove ${count(result.removed)} customer(s)${share}, more than --max-remove ${limit} allows: nothing was written (check the file, or pass --force)`;
    }
  }
}
