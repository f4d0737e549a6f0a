// `frontline export`: the whole directory as NDJSON on stdout, in the import format (export | import is lossless).
// A reader that goes away early (`| head`) ends it quietly: EPIPE stops the loop, exit 0, no warning.
import type { Writable } from 'node:stream';
import { loadConfig } from '../config.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';

/** Resolves when `out` drains, closes or fails; every listener it adds is removed again (one wait per full buffer). */
function writable(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

export async function exportCommand(argv: string[]): Promise<number> {
  parse(argv, {}, false);
  const store = await openStore(loadConfig(process.env).database);
  const out = process.stdout;
  let closed = false;
  const stop = () => {
    closed = true; // EPIPE: the reader (e.g. `| head`) went away; stop quietly.
  };
  out.on('error', stop);
  try {
    for await (const record of store.exportAll()) {
      if (closed) break;
      if (!out.write(`${JSON.stringify(record)}\n`) && !closed) await writable(out);
    }
  } finally {
    await store.close();
  }
  return 0;
}
