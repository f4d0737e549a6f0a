// The books the bench serves, made the way a user makes them: `frontline demo-data > book.ndjson`, then
// `frontline import book.ndjson`, both as child processes, timed. Each size is built once per run (and, with
// --book-dir, once across runs for SQLite).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, storeEnv } from './server.ts';

export interface Book {
  customers: number;
  workers: number;
  seed: number;
  ndjson: string;
  /** DATABASE_URL for import and serve: a SQLite file, or the postgres:// URL the bench was given. */
  database: string;
  store: 'sqlite' | 'postgres';
  generateSeconds: number;
  /** Wall time of `frontline import`, process start to exit. */
  importSeconds: number;
  /** The SQLite file (with its WAL), in bytes; null for PostgreSQL. */
  fileBytes: number | null;
  /** Built by an earlier run and found in --book-dir: its times are that run's. */
  reused: boolean;
}

export interface ShelfOptions {
  /** Where NDJSON files and SQLite books go. */
  dir: string;
  seed: number;
  /** A postgres:// URL: every book is imported there (with --replace --force), one at a time. */
  postgresUrl: string | undefined;
  log: (line: string) => void;
}

export function bookShelf({ dir, seed, postgresUrl, log }: ShelfOptions) {
  const books = new Map<string, Book>();
  // PostgreSQL holds one book at a time: asking for another size re-imports it (its NDJSON is kept).
  let inPostgres: string | undefined;

  async function generate(customers: number, workers: number): Promise<{ path: string; seconds: number }> {
    const path = join(dir, `book-${customers}x${workers}-s${seed}.ndjson`);
    log(`generating ${customers.toLocaleString('en-US')} customers over ${workers} workers`);
    return { path, seconds: await demoBook(path, customers, workers, seed) };
  }

  async function importBook(ndjson: string, database: string): Promise<number> {
    log(`importing ${ndjson} into ${postgresUrl === undefined ? database : 'PostgreSQL'}`);
    // --force: one bench book replaces the previous one whole, past the replace's removal limit.
    return frontline(['import', ndjson, '--replace', '--force'], { DATABASE_URL: database, ...storeEnv() });
  }

  async function build(key: string, customers: number, workers: number, earlier?: Book): Promise<Book> {
    const generated = earlier === undefined ? await generate(customers, workers) : undefined;
    const ndjson = earlier?.ndjson ?? (generated?.path as string);
    const database = postgresUrl ?? join(dir, `${key}.db`);
    const importSeconds = await importBook(ndjson, database);
    const book: Book = {
      customers,
      workers,
      seed,
      ndjson,
      database,
      store: postgresUrl === undefined ? 'sqlite' : 'postgres',
      generateSeconds: earlier?.generateSeconds ?? generated?.seconds ?? 0,
      importSeconds,
      fileBytes: postgresUrl === undefined ? sizeOf(database) : null,
      reused: false,
    };
    if (postgresUrl === undefined) writeFileSync(join(dir, `${key}.json`), JSON.stringify(book));
    return book;
  }

  return {
    async get(customers: number, workers: number): Promise<Book> {
      const key = `book-${customers}x${workers}-s${seed}`;
      let book = books.get(key);
      if (book === undefined && postgresUrl === undefined) {
        book = reuse(join(dir, `${key}.json`));
        if (book !== undefined) log(`reusing ${book.database}`);
      }
      if (book === undefined || (postgresUrl !== undefined && inPostgres !== key)) {
        book = await build(key, customers, workers, book);
        inPostgres = postgresUrl === undefined ? undefined : key;
      }
      books.set(key, book);
      return book;
    },
  };
}

/** A SQLite book an earlier run completed (its metadata is written only after the import succeeded). */
function reuse(metaFile: string): Book | undefined {
  if (!existsSync(metaFile)) return undefined;
  const book = JSON.parse(readFileSync(metaFile, 'utf8')) as Book;
  if (!existsSync(book.database) || !existsSync(book.ndjson)) return undefined;
  return { ...book, reused: true };
}

function sizeOf(database: string): number {
  const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  return size(database) + size(`${database}-wal`);
}

/** `frontline demo-data` into `path`; resolves with its wall time in seconds. */
export async function demoBook(
  path: string,
  customers: number,
  workers: number,
  seed: number,
): Promise<number> {
  const args = ['demo-data', '--customers', `${customers}`, '--workers', `${workers}`, '--seed', `${seed}`];
  const out = openSync(path, 'w');
  try {
    return await frontline(args, {}, out);
  } finally {
    closeSync(out);
  }
}

/** Runs `frontline ARGS` and resolves with its wall time in seconds; rejects with its stderr when it fails. */
export async function frontline(
  args: string[],
  env: Record<string, string>,
  stdoutFd?: number,
): Promise<number> {
  return (await runNode([BIN, ...args], env, stdoutFd ?? 'ignore', `frontline ${args.join(' ')}`)).seconds;
}

/**
 * Runs `node ARGV` with only PATH and `env` in its environment; resolves with its wall time and, with `stdout` set
 * to 'pipe', what it printed; rejects with `label` (the command line) and its stderr when it fails.
 */
export function runNode(
  argv: string[],
  env: Record<string, string>,
  stdout: number | 'ignore' | 'pipe',
  label = argv.join(' '),
): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, argv, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let printed = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    printed += chunk;
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = `${stderr}${chunk}`.slice(-8192);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000, stdout: printed });
      else reject(new Error(`${label} failed (${signal ?? code}): ${stderr.trim()}`));
    });
  });
}
