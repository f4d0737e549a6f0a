// Key ranges in the stores' byte order. Keys (text-key.ts) are compared byte-wise, as UTF-8: SQLite's BINARY
// collation and PostgreSQL's COLLATE "C" both sort so, while JavaScript's `<` compares UTF-16 code units.

/** Byte-wise (UTF-8) comparison of two keys. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The smallest string above every string that starts with `prefix`, in byte (code point) order, so that
 * `name_key >= prefix AND name_key < upper` is exactly "starts with prefix"; null when there is no such bound.
 */
export function prefixUpperBound(prefix: string): string | null {
  const codePoints = Array.from(prefix, (ch) => ch.codePointAt(0) ?? 0);
  while (codePoints.length > 0) {
    const last = (codePoints.pop() ?? 0) + 1;
    if (last > 0x10ffff) continue;
    // Surrogates cannot be stored as UTF-8; the next code point that can is U+E000.
    codePoints.push(last >= 0xd800 && last <= 0xdfff ? 0xe000 : last);
    return String.fromCodePoint(...codePoints);
  }
  return null;
}
