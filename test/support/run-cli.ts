// Runs the real `frontline` command in a child process, the way a user does.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/frontline.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const stderrSoFar = new WeakMap<ChildProcess, string>();

export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    // No Node end-of-life notice unless a test asks for it: the tests compare output exactly, on any Node.
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', NODE_EOL_NOTICE: 'false', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  stderrSoFar.set(child, '');
  child.stderr?.on('data', (chunk) => stderrSoFar.set(child, `${stderrSoFar.get(child)}${chunk}`));
  return child;
}

export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  const child = startCli(args, env);
  child.stdin?.end(input);
  return collect(child);
}

/** Gathers the child's output until it exits; its stdin is left to the caller. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first match of `pattern` in everything the child has written to stderr since it started. */
export function waitForStderr(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const seen = () => stderrSoFar.get(child) ?? '';
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = seen().match(pattern);
      if (match === null) return;
      clearTimeout(timer);
      child.stderr?.off('data', check);
      resolve(match);
    };
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; stderr: ${seen()}`)),
      timeoutMs,
    );
    // Listeners run in order: the recorder in startCli has already added this chunk.
    child.stderr?.on('data', check);
    child.on('close', () => reject(new Error(`exited before ${pattern}; stderr: ${seen()}`)));
    check();
  });
}
