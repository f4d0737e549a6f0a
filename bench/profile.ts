// Reads a V8 CPU profile (`node --cpu-prof`'s .cpuprofile, JSON) into the frames that took the most self time.
// The format: `nodes` (a call tree; each node a callFrame and its children's ids), `samples` (the node on top of
// the stack at each sample) and `timeDeltas` (µs before each sample). A frame's self time is the time of the
// samples that had it on top, summed over every node of the tree that is that frame.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './child.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  /** `name file:line`, the file relative to the repository (node_modules, node:... kept as they are). */
  frame: string;
  selfMs: number;
  /** Of the profile's sampled time, idle left out. */
  share: number;
}

function label({ functionName, url, lineNumber, columnNumber }: CallFrame): string {
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (url === '') return name;
  const file = url.startsWith('file://') ? relative(ROOT, new URL(url).pathname) : url;
  // 0-based in the profile, and of the code as loaded: tsx's output for our own files, which keeps their lines
  // but not always their columns.
  return `${name} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
}

/** Microseconds on the clock V8's profiles use (CLOCK_MONOTONIC on Linux, like process.hrtime). */
export const profileClock = () => Number(process.hrtime.bigint() / 1000n);

export interface Window {
  from: number;
  to: number;
}

/** `window` (profileClock times): only the samples taken then, e.g. the measured load without start-up. */
export function topFrames(profile: CpuProfile, count: number, window?: Window): Frame[] {
  const labelOf = new Map(profile.nodes.map((node) => [node.id, label(node.callFrame)]));
  const self = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    // A sample's delta is the time since the previous one: charge it to the frame on top now.
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (window !== undefined && (at < window.from || at > window.to)) return;
    const frame = labelOf.get(id) ?? '(unknown)';
    // Waiting for requests is not a cost: shares are of the time the process was working.
    if (frame === '(idle)') return;
    self.set(frame, (self.get(frame) ?? 0) + micros);
    total += micros;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, micros]) => ({ frame, selfMs: micros / 1000, share: total > 0 ? micros / total : 0 }));
}

/**
 * The main threads' profiles `node --cpu-prof --cpu-prof-dir DIR` wrote there, oldest first. Names are
 * CPU.DATE.TIME.PID.THREAD.SEQ.cpuprofile; thread 0 is the main one (tsx's module loader thread writes its own).
 */
export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

export function formatFrames(frames: Frame[]): string {
  return frames
    .map(
      (f, i) =>
        `${String(i + 1).padStart(2)}. ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`,
    )
    .join('\n');
}
