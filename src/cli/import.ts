// `frontline import FILE`: validate, normalize and upsert customers in one transaction. Exit 0 when the import was
// committed (with --skip-invalid, also when records were skipped), 1 when it was not.
import { loadConfig } from '../config.ts';
import { csvDelimiterNamed } from '../import/csv-header.ts';
import { TEXT_ENCODINGS, textEncodingNamed } from '../import/decode-text.ts';
import { importCustomers } from '../import/import-customers.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';
import { usageError } from './cli-error.ts';
import { progressBar } from './progress.ts';

const MAX_REPORTED = 1000;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      format: { type: 'string' },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
    },
    true,
  );
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0) throw usageError('import takes one FILE (or - for stdin)');
  const format = values.format;
  if (format !== undefined && format !== 'ndjson' && format !== 'csv')
    throw usageError('--format must be ndjson or csv');
  const encoding = values.encoding === undefined ? undefined : textEncodingNamed(values.encoding);
  if (values.encoding !== undefined && encoding === undefined)
    throw usageError(`--encoding must be one of ${TEXT_ENCODINGS.join(', ')}`);
  const delimiter = values.delimiter === undefined ? undefined : csvDelimiterNamed(values.delimiter);
  if (values.delimiter !== undefined && delimiter === undefined)
    throw usageError("--delimiter must be ',', ';' or tab");

  const config = loadConfig(process.env);
  const store = await openStore(config.database);
  const bar = progressBar(process.stderr);
  const started = Date.now();
  let reported = 0;
  try {
    const result = await importCustomers(store, {
      source,
      format,
      encoding,
      delimiter,
      replace: values.replace,
      skipInvalid: values['skip-invalid'],
      defaultCountry: config.defaultCountry,
      onInvalid: (line, reason) => {
        if (reported++ < MAX_REPORTED) process.stderr.write(`${source}:${line}: ${reason}\n`);
      },
      onProgress: bar.update,
    });
    bar.done();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (reported > MAX_REPORTED)
      process.stderr.write(`... and ${reported - MAX_REPORTED} more invalid records\n`);
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
