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
  /** By length (1, 2, 3, 8): what a rep types that many names share, and what few or none of the book hold. */
  fragments: Record<FragmentLength, { common: string[]; rare: string[] }>;
}

export const FRAGMENT_LENGTHS = [1, 2, 3, 8] as const;
export type FragmentLength = (typeof FRAGMENT_LENGTHS)[number];
const PER_KIND = 8;

export async function sampleBook(ndjson: string, bookSize: number, wanted: number): Promise<BookSample> {
  const share = Math.min(1, wanted / Math.max(1, bookSize));
  const random = lcg(bookSize);
  const customers: SampledCustomer[] = [];
  const workers = new Set<string>();
  const fragments = new Map<string, number>();
  const counts = new FragmentCounts();
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
    counts.add(fold(record.display_name), email === undefined ? '' : fold(email));
  }
  const commonFragments = [...fragments.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([fragment]) => fragment);
  return { customers, workers: shuffled([...workers]), commonFragments, fragments: counts.pick() };
}

/**
 * Letter-only fragments of each length, counted once per sampled customer over the folded name (common ones: what
 * many names share) and the name plus the e-mail (rare ones: a search sees both). Rare one- and two-letter fragments
 * are the letters and pairs of a-z the fewest customers hold, half of them held by some (the fewest) and half by
 * none (`qx`, `zz`) when there are such; rare longer ones are fragments exactly one sampled customer holds, so the
 * book holds a few. Ties are broken by a hash, so that the picks spread over the alphabet.
 */
class FragmentCounts {
  private readonly inNames = tables();
  private readonly inKeys = tables();

  add(name: string, emailLocal: string): void {
    for (const length of FRAGMENT_LENGTHS) {
      count(this.table(this.inNames, length), fragmentsOf([name], length));
      count(this.table(this.inKeys, length), fragmentsOf([name, emailLocal], length));
    }
  }

  pick(): Record<FragmentLength, { common: string[]; rare: string[] }> {
    const picked = {} as Record<FragmentLength, { common: string[]; rare: string[] }>;
    for (const length of FRAGMENT_LENGTHS) {
      const names = this.table(this.inNames, length);
      const keys = this.table(this.inKeys, length);
      const common = [...names.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const byRarity = (entries: (readonly [string, number])[]) =>
        [...entries].sort((a, b) => a[1] - b[1] || hash(a[0]) - hash(b[0])).map(([fragment]) => fragment);
      let rare: string[];
      if (length <= 2) {
        const all = everyAsciiFragment(length).map(
          (fragment) => [fragment, keys.get(fragment) ?? 0] as const,
        );
        const none = byRarity(all.filter(([, n]) => n === 0)).slice(0, PER_KIND / 2);
        rare = [...byRarity(all.filter(([, n]) => n > 0)).slice(0, PER_KIND - none.length), ...none];
      } else {
        rare = byRarity([...keys.entries()].filter(([, n]) => n === 1)).slice(0, PER_KIND);
      }
      picked[length] = { common: common.slice(0, PER_KIND).map(([fragment]) => fragment), rare };
    }
    return picked;
  }

  private table(tables: Map<FragmentLength, Map<string, number>>, length: FragmentLength) {
    return tables.get(length) as Map<string, number>;
  }
}

function tables(): Map<FragmentLength, Map<string, number>> {
  return new Map(FRAGMENT_LENGTHS.map((length) => [length, new Map<string, number>()]));
}

function count(table: Map<string, number>, found: Set<string>): void {
  for (const fragment of found) table.set(fragment, (table.get(fragment) ?? 0) + 1);
}

/** The distinct letter-only fragments of this length in any of the texts. */
function fragmentsOf(texts: readonly string[], length: number): Set<string> {
  const found = new Set<string>();
  const letters = new RegExp(`^\\p{L}{${length}}$`, 'u');
  for (const text of texts) {
    const chars = Array.from(text);
    for (let i = 0; i + length <= chars.length; i++) {
      const fragment = chars.slice(i, i + length).join('');
      if (letters.test(fragment)) found.add(fragment);
    }
  }
  return found;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function everyAsciiFragment(length: number): string[] {
  const letters = Array.from('abcdefghijklmnopqrstuvwxyz');
  return length === 1 ? letters : letters.flatMap((a) => letters.map((b) => a + b));
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
