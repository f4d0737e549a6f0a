// `frontline export`: the whole directory as NDJSON on stdout, in the import format (export | import is lossless).
import { once } from 'node:events';
import { loadConfig } from '../config.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';

export async function exportCommand(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const store = await openStore(loadConfig(process.env).database);
  const out = process.stdout;
  let closed = false;
  out.on('error', () => {
    closed = true; // EPIPE: the reader (e.g. `| head`) went away; stop quietly.
  });
  try {
    for await (const record of store.exportAll()) {
      if (closed) break;
      if (!out.write(`${JSON.stringify(record)}\n`))
        await Promise.race([once(out, 'drain'), once(out, 'close')]).catch(() => {});
    }
  } finally {
    await store.close();
  }
  return 0;
}
