// `frontline export`: the whole directory as NDJSON on stdout, in the import format (export | import is lossless,
// channels' opt-out times included: an import reads `opted_out_at` back).
// A reader that goes away early (`| head`) ends it quietly: EPIPE stops the loop, exit 0, no warning.
import type { Writable } from 'node:stream';
import { loadConfig } from '../config.ts';
import type { CustomerRecord } from '../directory/customer.ts';
import { withOptOutTimes } from '../directory/opt-outs.ts';
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

const EXPORT_BATCH = 500;

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
    // A batch of records at a time, so that their channels' opt-outs cost one lookup (a keyed probe a channel).
    let batch: CustomerRecord[] = [];
    const flush = async () => {
      const shown = await withOptOutTimes((addresses) => store.optOuts.optedOut(addresses), batch);
      batch = [];
      for (const record of shown) {
        if (closed) return;
        if (!out.write(`${JSON.stringify(record)}\n`) && !closed) await writable(out);
      }
    };
    for await (const record of store.exportAll()) {
      if (closed) break;
      batch.push(record);
      if (batch.length >= EXPORT_BATCH) await flush();
    }
    if (!closed) await flush();
  } finally {
    await store.close();
  }
  return 0;
}
