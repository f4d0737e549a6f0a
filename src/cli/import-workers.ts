// `frontline import-workers FILE`: the worker profiles templates sign with, validated and upserted in one
// transaction. Exit 0 when the import was committed, 1 when it was not (any invalid line cancels it).
import { loadConfig } from '../config.ts';
import { importWorkers } from '../import/import-workers.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';
import { usageError } from './cli-error.ts';
import { FILE_OPTIONS, fileOptions } from './file-options.ts';
import { invalidReport } from './invalid-report.ts';

export async function importWorkersCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...FILE_OPTIONS, replace: { type: 'boolean', default: false } },
    true,
  );
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0)
    throw usageError('import-workers takes one FILE (or - for stdin)');
  const { format, encoding, delimiter, maxErrors } = fileOptions(values);

  const config = loadConfig(process.env);
  const store = await openStore(config.database);
  const report = invalidReport(source, maxErrors, process.stderr);
  try {
    const result = await importWorkers(store, {
      source,
      format,
      encoding,
      delimiter,
      replace: values.replace,
      onInvalid: report.onInvalid,
    });
    report.finish();
    if (!result.committed) {
      process.stderr.write(`${result.invalid} invalid line(s): nothing was imported\n`);
      return 1;
    }
    process.stderr.write(`imported ${result.written} worker profile(s)\n`);
    return 0;
  } finally {
    await store.close();
  }
}
