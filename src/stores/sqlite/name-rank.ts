// Every customer has a name_rank: an integer that sorts exactly like (name_key, customer_id). The trigram index
// uses it as its rowid, so a trigram's customers come out of FTS5 in name order, and a whole-book search for a
// common fragment reads the next page's matches instead of walking the name index to them (README.md, migration 4).
//
// Ranks are spaced RANK_GAP apart. A customer added or renamed by a small import takes the midpoint between its
// neighbours' ranks; when a gap is used up, or when an import fills an empty book or moves much of it, the import
// renumbers every customer and rebuilds the trigram index once at its end (renumber-book.ts).
import type { Connection } from './connection.ts';

/** 2^20: twenty halvings before a gap runs out, and 2^33 customers before a rank passes 2^53. */
export const RANK_GAP = 1_048_576;
/** Ranks stay well inside JavaScript's exact integers, so a midpoint never rounds. */
const RANK_LIMIT = 2 ** 52;

/**
 * The ranks in order, the unique index on them, and the trigram index keyed by them: migration 4 runs this text,
 * so it is part of a released migration and keeps doing exactly this (a different renumbering is a new function).
 */
export const RENUMBER_SQL = `
  UPDATE customers SET name_rank = r.n * ${RANK_GAP}
    FROM (SELECT id, row_number() OVER (ORDER BY name_key, customer_id) AS n FROM customers) AS r
   WHERE customers.id = r.id;
  CREATE UNIQUE INDEX customers_by_rank ON customers (name_rank);
  INSERT INTO customer_search (rowid, name_key, email_key, phone_key)
    SELECT name_rank, name_key, email_key, phone_key FROM customers ORDER BY name_rank;`;

/** The short-word index (short-grams.ts) filled from the ranks, in rowid order: migration 8 (renumber-book.ts fills it the same way). */
export const FILL_GRAMS_SQL = `
  INSERT INTO customer_grams (rowid, grams)
    SELECT name_rank, frontline_grams(name_key, email_key, phone_key) FROM customers ORDER BY name_rank;`;

export interface Neighbours {
  before: number | undefined;
  after: number | undefined;
}

/** A rank strictly between the neighbours' (either may be missing), or null when there is no room left. */
export function rankBetween({ before, after }: Neighbours): number | null {
  let rank: number;
  if (before === undefined && after === undefined) rank = RANK_GAP;
  else if (before === undefined) rank = (after as number) - RANK_GAP;
  else if (after === undefined) rank = before + RANK_GAP;
  else rank = before + Math.floor((after - before) / 2);
  const inside = (before === undefined || rank > before) && (after === undefined || rank < after);
  return inside && Math.abs(rank) < RANK_LIMIT ? rank : null;
}

/** Reads the ranks on either side of a (name_key, customer_id), ignoring customer `self` (its own old place). */
export function neighbourFinder(db: Connection) {
  const before = db.prepare<[string, string, number], number>(
    `SELECT name_rank FROM customers INDEXED BY customers_by_name
      WHERE (name_key, customer_id) < (?, ?) AND id <> ? ORDER BY name_key DESC, customer_id DESC LIMIT 1`,
  );
  const after = db.prepare<[string, string, number], number>(
    `SELECT name_rank FROM customers INDEXED BY customers_by_name
      WHERE (name_key, customer_id) > (?, ?) AND id <> ? ORDER BY name_key, customer_id LIMIT 1`,
  );
  before.pluck();
  after.pluck();
  return (nameKey: string, customerId: string, self: number): Neighbours => ({
    before: before.get(nameKey, customerId, self) ?? undefined,
    after: after.get(nameKey, customerId, self) ?? undefined,
  });
}
