// Opens an import source up front, so that a missing or unreadable file is one clear error before anything is read.
// A source is a path, '-' for stdin, or a stream someone else opened (the body of POST /api/v1/imports).
import type { Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { pipeline, type Readable, Transform } from 'node:stream';
import type { ProgressListener } from './import-entry.ts';

/** A stream of import bytes that its owner opened and will close; `label` names it in messages. */
export interface StreamSource {
  stream: Readable;
  label: string;
}

export type ImportSource = string | StreamSource;

export interface OpenedSource {
  stream: Readable;
  /** The name to use in messages: the path as given, or "stdin". */
  label: string;
  close(): void;
}

export async function openSource(
  source: ImportSource,
  onProgress: ProgressListener | undefined,
): Promise<OpenedSource> {
  // Like stdin, a given stream is its owner's: reading stops with the import, closing it is theirs to do.
  if (typeof source !== 'string')
    return { ...counted(source.stream, undefined, onProgress), label: source.label, close: () => {} };
  if (source === '-') {
    // stdin is the process's, not ours: it is left open for whoever reads it next.
    return { ...counted(process.stdin, undefined, onProgress), label: 'stdin', close: () => {} };
  }
  let handle: FileHandle | undefined;
  let stats: Stats;
  try {
    handle = await open(source, 'r');
    stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (error) {
    await handle?.close().catch(() => {});
    throw new Error(`cannot read ${source}: ${fsProblem(error)}`);
  }
  const file = handle.createReadStream();
  const opened = counted(file, stats.isFile() ? stats.size : undefined, onProgress);
  return { ...opened, label: source, close: () => opened.stream.destroy() };
}

function counted(input: Readable, totalBytes: number | undefined, onProgress: ProgressListener | undefined) {
  if (onProgress === undefined) return { stream: input };
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytesRead += chunk.length;
      onProgress(bytesRead, totalBytes);
      callback(null, chunk);
    },
  });
  // pipeline forwards a read error to the counter (and so to whoever iterates it) instead of leaving it unhandled.
  pipeline(input, counter, () => {});
  return { stream: counter };
}

const PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
};

function fsProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && PROBLEMS[code] !== undefined) return PROBLEMS[code];
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
