// Who and what the requests ask about, drawn from the book that was imported (its NDJSON) at random over the whole
// file: customers all through the table and the indexes, not only the first ones imported. (Every n-th line would
// not do: demo-data numbers phones by index, so a fixed stride picks one country and one line number.)
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CustomerRecord } from '../src/directory/customer.ts';
import { fold } from '../src/directory/text-key.ts';

export interface SampledCustomer {
  customerId: string;
  name: string;
  /** The first assigned worker: one who may see this customer. */
  worker: string;
  phone: string | undefined;
  email: string | undefined;
}

export interface BookSample {
  customers: SampledCustomer[];
  /** Every worker of the sampled customers, in a shuffled but reproducible order. */
  workers: string[];
  /** 3-letter fragments of folded names shared by the most sampled names, most shared first. */
  commonFragments: string[];
}

export async function sampleBook(ndjson: string, bookSize: number, wanted: number): Promise<BookSample> {
  const share = Math.min(1, wanted / Math.max(1, bookSize));
  const random = lcg(bookSize);
  const customers: SampledCustomer[] = [];
  const workers = new Set<string>();
  const fragments = new Map<string, number>();
  for await (const line of createInterface({ input: createReadStream(ndjson), crlfDelay: Infinity })) {
    if (random() >= share || line === '') continue;
    const record = JSON.parse(line) as CustomerRecord;
    const worker = record.workers?.[0];
    if (worker === undefined) continue;
    for (const each of record.workers ?? []) workers.add(each);
    const phone = record.channels?.find((c) => c.type === 'sms' || c.type === 'whatsapp')?.value;
    const email = record.channels?.find((c) => c.type === 'email')?.value;
    customers.push({ customerId: record.customer_id, name: record.display_name, worker, phone, email });
    for (const fragment of trigramsOf(fold(record.display_name)))
      fragments.set(fragment, (fragments.get(fragment) ?? 0) + 1);
  }
  const commonFragments = [...fragments.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([fragment]) => fragment);
  return { customers, workers: shuffled([...workers]), commonFragments };
}

/** The distinct letter-only 3-grams of a name: what a rep types after three keystrokes. */
function trigramsOf(name: string): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i + 3 <= name.length; i++) {
    const fragment = name.slice(i, i + 3);
    if (/^\p{L}{3}$/u.test(fragment)) found.add(fragment);
  }
  return found;
}

// A fixed permutation, so that neighbours in the identity list are not neighbours in the requests and two runs send
// the same requests.
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  const random = lcg(items.length);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A small seeded generator in [0, 1): the same book gives the same sample, run after run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
