// `frontline import FILE`: validate, normalize and upsert customers in one transaction. Exit 0 when the import was
// committed (with --skip-invalid, also when records were skipped), 1 when it was not.
import { loadConfig } from '../config.ts';
import { importCustomers } from '../import/import-customers.ts';
import { openStore } from '../stores/open-store.ts';
import { parse, wholeNumber } from './args.ts';
import { usageError } from './cli-error.ts';
import { DEFAULT_MAX_ERRORS, invalidReport } from './invalid-report.ts';
import { progressBar } from './progress.ts';

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      format: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      'max-errors': { type: 'string' },
    },
    true,
  );
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0) throw usageError('import takes one FILE (or - for stdin)');
  const format = values.format;
  if (format !== undefined && format !== 'ndjson' && format !== 'csv')
    throw usageError('--format must be ndjson or csv');
  const maxErrors = wholeNumber('max-errors', values['max-errors'], DEFAULT_MAX_ERRORS);

  const config = loadConfig(process.env);
  const store = await openStore(config.database);
  const bar = progressBar(process.stderr);
  const started = Date.now();
  const report = invalidReport(source, maxErrors, process.stderr);
  try {
    const result = await importCustomers(store, {
      source,
      format,
      replace: values.replace,
      skipInvalid: values['skip-invalid'],
      defaultCountry: config.defaultCountry,
      onInvalid: report.onInvalid,
      onProgress: bar.update,
    });
    bar.done();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    report.finish();
    if (!result.committed) {
      process.stderr.write(
        `${result.invalid} invalid record(s): nothing was imported (fix them, or pass --skip-invalid)\n`,
      );
      return 1;
    }
    const skipped = result.invalid > 0 ? `, ${result.invalid} invalid record(s) skipped` : '';
    process.stderr.write(`imported ${result.written} customer(s) in ${seconds} s${skipped}\n`);
    return 0;
  } finally {
    bar.done();
    await store.close();
  }
}
