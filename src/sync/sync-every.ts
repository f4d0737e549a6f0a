// `sync SOURCE --every DURATION`: run, wait DURATION, run again, until SIGTERM/SIGINT. A failed run is logged and
// tried again at the next tick; while runs keep failing the wait doubles (up to an hour, or DURATION if longer), so
// an outage of the CRM or the store is not hammered. A run refused because another holds the source is no failure:
// that other run is doing the work, and this one tries at its next tick.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SyncRun } from '../directory/sync-state-store.ts';
import { SyncStopped } from './run-control.ts';
import { SyncBusy } from './sync-runner.ts';

const MAX_BACKOFF_MS = 3_600_000;

export interface EveryHooks {
  /** Ended (with or without SyncStopped) or refused: one line about it. */
  ran: (
    outcome: { run: SyncRun } | { busy: SyncBusy } | { failed: Error; failures: number; waitMs: number },
  ) => void;
}

/** How long to wait after `failures` failed runs in a row (0: the run went well). */
export function waitAfter(intervalMs: number, failures: number): number {
  if (failures === 0) return intervalMs;
  return Math.min(intervalMs * 2 ** (failures - 1), Math.max(intervalMs, MAX_BACKOFF_MS));
}

export async function runEvery(
  intervalMs: number,
  runOnce: () => Promise<SyncRun>,
  signal: AbortSignal,
  hooks: EveryHooks,
): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    try {
      hooks.ran({ run: await runOnce() });
      failures = 0;
    } catch (error) {
      if (error instanceof SyncStopped) return;
      if (error instanceof SyncBusy) hooks.ran({ busy: error });
      else {
        failures++;
        hooks.ran({ failed: error as Error, failures, waitMs: waitAfter(intervalMs, failures) });
      }
    }
    try {
      await sleep(waitAfter(intervalMs, failures), undefined, { signal });
    } catch {
      return; // aborted while waiting: nothing is running, nothing to save
    }
  }
}

/** `30s`, `5m`, `1h` (a whole number and one unit) in ms; null for anything else. */
export function parseDuration(text: string): number | null {
  const match = /^([1-9]\d{0,5})(s|m|h)$/.exec(text.trim());
  if (match === null) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
  const ms = Number(match[1]) * unit;
  return ms <= 7 * 24 * 3_600_000 ? ms : null;
}
