import type { SourceColumns } from './source-columns.ts';

/**
 * One record of an import file, not yet validated, or why it could not be read; `line` is where it starts (1-based).
 * A CSV record can tell which columns each field came from (asked only of a refused one), so that its problems name
 * the columns.
 */
export type ImportEntry =
  | { line: number; raw: unknown; columns?: () => SourceColumns }
  | { line: number; error: string };

/** Called as the file is read; totalBytes is undefined when the size is unknown (stdin from a pipe). */
export type ProgressListener = (bytesRead: number, totalBytes: number | undefined) => void;
