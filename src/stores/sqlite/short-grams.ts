// The index that answers what the trigram index cannot: words of one or two characters (`qx`, `zz`, `a`). Each
// customer's entry in `customer_grams` (migration 8) lists every character and every pair of adjacent characters of
// its keys' words; a short word is then one term of an FTS5 index, whose rowids are name ranks, so its customers
// come out in name order (README.md). Terms are the grams' UTF-8 bytes in hex: any character, `"`, `*` and `%`
// included, is a plain token of FTS5's ascii tokenizer, and a term is exactly one gram.

const WHITESPACE = /\s+/;

/** Every distinct character and pair of adjacent characters of the words of these keys, as terms. */
export function gramsDocument(...keys: readonly string[]): string {
  const terms = new Set<string>();
  for (const key of keys) {
    for (const word of key.split(WHITESPACE)) {
      const chars = Array.from(word);
      for (let i = 0; i < chars.length; i++) {
        terms.add(term(chars[i] as string));
        if (i + 1 < chars.length) terms.add(term(`${chars[i]}${chars[i + 1]}`));
      }
    }
  }
  return [...terms].join(' ');
}

/**
 * The FTS5 query for rows that may hold `text`: all its pairs of adjacent characters (a single character: itself),
 * or, for a text of several words, those of each word. Every row that holds the text holds them (a superset).
 */
export function gramsMatch(text: string): string {
  const terms = new Set<string>();
  for (const word of text.split(WHITESPACE).filter((w) => w !== '')) {
    const chars = Array.from(word);
    if (chars.length === 1) terms.add(term(word));
    for (let i = 0; i + 1 < chars.length; i++) terms.add(term(`${chars[i]}${chars[i + 1]}`));
  }
  return [...terms].map((t) => `"${t}"`).join(' AND ');
}

// A renumbering writes every customer's entry (1M documents, about 60 terms each), and the grams of a book are few
// (letters and pairs of them): the hex of each is remembered, within a bound for books of unusual scripts.
const TERMS = new Map<string, string>();
const MAX_TERMS = 1 << 16;

function term(gram: string): string {
  let hex = TERMS.get(gram);
  if (hex === undefined) {
    hex = Buffer.from(gram, 'utf8').toString('hex');
    if (TERMS.size >= MAX_TERMS) TERMS.clear();
    TERMS.set(gram, hex);
  }
  return hex;
}
