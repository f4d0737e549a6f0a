// A server in a process of its own, so that its event loop and CPU are not shared with the load generator's.
// Both servers (frontline and the baseline) announce themselves with "listening on http://HOST:PORT" on stderr.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository: children run from here, so that `--import tsx` resolves like it does for `npm run bench`. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** Resident memory now, in bytes (VmRSS), and the peak so far (VmHWM); Linux only, 0 elsewhere. */
  memory(): { rss: number; peak: number };
  /** CPU time the process has used so far, user + system, in seconds (Linux only, 0 elsewhere). */
  cpuSeconds(): number;
  /** The last lines the server wrote to stderr (why it failed, if it did). */
  stderrTail(): string;
  /** Its exit code once it has exited (null while it runs, or when a signal ended it). */
  exitCode(): number | null;
  stop(): Promise<void>;
}

const LISTENING = /listening on (http:\/\/\S+)/;

export function startServerProcess(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${why}\n${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail(`no "listening on" within ${timeoutMs / 1000} s`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // Keep only the tail: a failing server's last lines say why; the rest would only grow.
      stderr = `${stderr}${chunk}`.slice(-8192);
      const match = stderr.match(LISTENING);
      if (settled || match?.[1] === undefined || child.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      resolve(running(child, child.pid, match[1], exited, () => stderr));
    });
  });
}

function running(
  child: ChildProcess,
  pid: number,
  baseUrl: string,
  exited: Promise<void>,
  stderrTail: () => string,
): ServerProcess {
  return {
    baseUrl,
    pid,
    stderrTail,
    exitCode: () => child.exitCode,
    memory: () => memoryOf(pid),
    cpuSeconds: () => cpuSecondsOf(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGTERM lets `frontline serve` close gracefully, which is also when `node --cpu-prof` writes its profile.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
    return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

// /proc/PID/stat fields 14 and 15 (utime, stime) count clock ticks, 100 a second on Linux.
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
