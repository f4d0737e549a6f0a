// One place that opens a better-sqlite3 connection with the pragmas and SQL functions every connection of the store
// needs, and turns the driver's failures (a directory, a file that is not a database) into a one-line Error.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { foldPunctuation } from '../../directory/text-key.ts';
import { Database } from './driver.ts';
import { gramsDocument } from './short-grams.ts';

export type Connection = Database;

export interface ConnectionOptions {
  /** Page cache in KiB: readers stay small, a bulk import gets more so its index pages stay in memory. */
  cacheKiB: number;
}

export function openConnection(path: string, options: ConnectionOptions): Connection {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) {
    // Imports run on a second connection to the same file, which an in-memory or URI database cannot share.
    throw new Error(`The customer store needs a plain file path, not '${path}'`);
  }
  let db: Connection | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    // The first statement reads the header: this is where a file that is not a database fails.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${-Math.max(1024, Math.round(options.cacheKiB))}`);
    // After a big import the WAL has grown to the size of the data; let the next checkpoint shrink it back.
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    db.pragma('temp_store = MEMORY');
    // Migration 7 re-keys stored keys with the punctuation fold, line by line (an e-mail key holds one a line): the
    // same JS function that keys new records, so an old key and a new one cannot differ.
    db.function('frontline_fold_punctuation', { deterministic: true }, (key) =>
      String(key).split('\n').map(foldPunctuation).join('\n'),
    );
    // The short-word index's entry of a customer (short-grams.ts), for migration 8 and every renumbering.
    db.function('frontline_grams', { deterministic: true }, (name, email, phone) =>
      gramsDocument(String(name), String(email), String(phone)),
    );
    return db;
  } catch (error) {
    db?.close();
    throw openError(path, error);
  }
}

/** Why the store at `path` cannot be used, on one line (it ends up in a log line or a CLI message). */
export function openError(path: string, cause: unknown): Error {
  const message = (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ').trim();
  return new Error(`Cannot open the customer store at ${path}: ${message}`, { cause });
}
