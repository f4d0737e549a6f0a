// When the gap between two neighbours' ranks is used up (twenty inserts at one place in the name order: a CRM that
// creates "Acme 0001", "Acme 0002", ... one at a time), the customers around the place are spread out again over the
// ranks between their outer neighbours, instead of renumbering the whole book (40 µs a customer: 40 s at 1M, with the
// write lock held). A window of a few neighbours on each side is tried first and grown until its ranks leave room;
// each customer it moves takes its two search entries along (keyed by rank). This is the classic list-labeling
// scheme: a few moves per insert on average, whatever the size of the book.
import type { Connection } from './connection.ts';
import { RANK_GAP } from './name-rank.ts';
import { gramsDocument } from './short-grams.ts';

const FIRST_WINDOW = 8;
/** Past this many neighbours on each side the writer falls back to renumbering the book at the end of its import. */
const LAST_WINDOW = 8192;
/** A respaced window leaves at least this much between ranks: ten more midpoints before the next respacing. */
const MIN_STEP = 1024;
/** Below every real rank (they stay within ±2^52): where a customer waits while the window's ranks move. */
const PARKED = -(2 ** 52);

interface Ranked {
  id: number;
  name_rank: number;
  name_key: string;
  email_key: string;
  phone_key: string;
}

export interface Respaced {
  /** The rank the customer being written takes. */
  rank: number;
  /** How many other customers moved. */
  moved: number;
}

/**
 * Finds a rank for (nameKey, customerId) by respacing its neighbours, excluding customer `self` (its own old place;
 * 0 for a customer not stored yet), or null when no window up to LAST_WINDOW has room. Runs inside the caller's
 * transaction; `self`, when stored, is left parked for the caller to give its new rank.
 */
export function rankRespacer(db: Connection) {
  const columns = 'id, name_rank, name_key, email_key, phone_key';
  const before = db.prepare<[string, string, number, number], Ranked>(
    `SELECT ${columns} FROM customers INDEXED BY customers_by_name
      WHERE (name_key, customer_id) < (?, ?) AND id <> ? ORDER BY name_key DESC, customer_id DESC LIMIT ?`,
  );
  const after = db.prepare<[string, string, number, number], Ranked>(
    `SELECT ${columns} FROM customers INDEXED BY customers_by_name
      WHERE (name_key, customer_id) > (?, ?) AND id <> ? ORDER BY name_key, customer_id LIMIT ?`,
  );
  const setRank = db.prepare<[number, number]>('UPDATE customers SET name_rank = ? WHERE id = ?');
  const unindex = db.prepare<[number]>('DELETE FROM customer_search WHERE rowid = ?');
  const ungram = db.prepare<[number]>('DELETE FROM customer_grams WHERE rowid = ?');
  const index = db.prepare<[number, string, string, string]>(
    'INSERT INTO customer_search (rowid, name_key, email_key, phone_key) VALUES (?, ?, ?, ?)',
  );
  const gram = db.prepare<[number, string]>('INSERT INTO customer_grams (rowid, grams) VALUES (?, ?)');

  function move(window: readonly Ranked[], ranks: readonly number[], self: number): number {
    const moving = window.filter((row, i) => row.name_rank !== ranks[i]);
    // Parked first, so that no two customers share a rank on the way (customers_by_rank is unique).
    if (self !== 0) setRank.run(PARKED - self, self);
    for (const row of moving) {
      setRank.run(PARKED - row.id, row.id);
      unindex.run(row.name_rank);
      ungram.run(row.name_rank);
    }
    window.forEach((row, i) => {
      const rank = ranks[i] as number;
      if (row.name_rank === rank) return;
      setRank.run(rank, row.id);
      index.run(rank, row.name_key, row.email_key, row.phone_key);
      gram.run(rank, gramsDocument(row.name_key, row.email_key, row.phone_key));
    });
    return moving.length;
  }

  return (nameKey: string, customerId: string, self: number): Respaced | null => {
    for (let width = FIRST_WINDOW; width <= LAST_WINDOW; width *= 4) {
      const left = before.all(nameKey, customerId, self, width + 1);
      const right = after.all(nameKey, customerId, self, width + 1);
      const inside = [...left.slice(0, width).reverse(), ...right.slice(0, width)];
      const first = inside[0]?.name_rank ?? 0;
      const last = inside.at(-1)?.name_rank ?? 0;
      // The outer neighbours bound the window; at an end of the book, a gap's worth for each place is free.
      const low = left[width]?.name_rank ?? first - (inside.length + 2) * RANK_GAP;
      const high = right[width]?.name_rank ?? last + (inside.length + 2) * RANK_GAP;
      const places = inside.length + 1;
      const step = Math.floor((high - low) / (places + 1));
      if (step < MIN_STEP) continue;
      const ranks = Array.from({ length: places }, (_, i) => low + step * (i + 1));
      const at = Math.min(width, left.length);
      const rank = ranks.splice(at, 1)[0] as number;
      return { rank, moved: move(inside, ranks, self) };
    }
    return null;
  };
}
