// `frontline import-workers FILE`: the worker profiles templates sign with, validated and upserted in one
// transaction. Exit 0 when the import was committed, 1 when it was not (any invalid line cancels it).
import { loadConfig } from '../config.ts';
import { importWorkers } from '../import/import-workers.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';
import { usageError } from './cli-error.ts';

const MAX_REPORTED = 1000;

export async function importWorkersCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { format: { type: 'string' }, replace: { type: 'boolean', default: false } },
    true,
  );
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0)
    throw usageError('import-workers takes one FILE (or - for stdin)');
  const format = values.format;
  if (format !== undefined && format !== 'ndjson' && format !== 'csv')
    throw usageError('--format must be ndjson or csv');

  const config = loadConfig(process.env);
  const store = await openStore(config.database);
  let reported = 0;
  try {
    const result = await importWorkers(store, {
      source,
      format,
      replace: values.replace,
      onInvalid: (line, reason) => {
        if (reported++ < MAX_REPORTED) process.stderr.write(`${source}:${line}: ${reason}\n`);
      },
    });
    if (reported > MAX_REPORTED)
      process.stderr.write(`... and ${reported - MAX_REPORTED} more invalid lines\n`);
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
