// `frontline demo-data --customers N --workers W`: a synthetic book as NDJSON on stdout, written with backpressure
// so that a million lines stream through a pipe in constant memory.
import { once } from 'node:events';
import { demoRecords } from '../import/demo-data.ts';
import { parse, positiveInt } from './args.ts';

export async function demoData(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { customers: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' } },
    false,
  );
  const customers = positiveInt('customers', values.customers, 1000);
  const workers = positiveInt('workers', values.workers, 10);
  const seed = positiveInt('seed', values.seed, 1);
  const out = process.stdout;
  let closed = false;
  out.on('error', () => {
    closed = true;
  });
  let chunk = '';
  for (const record of demoRecords({ customers, workers, seed })) {
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length < 64 * 1024) continue;
    if (closed) break;
    const flushed = out.write(chunk);
    chunk = '';
    if (!flushed) await Promise.race([once(out, 'drain'), once(out, 'close')]).catch(() => {});
  }
  if (!closed && chunk !== '') out.write(chunk);
  return 0;
}
