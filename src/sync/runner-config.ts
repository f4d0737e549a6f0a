// The sync runner's own setting, from the environment like every other: SYNC_LEASE_SECONDS, how long a run's lease
// on its source lives unless renewed (a quarter of it between renewals). A run that dies blocks the next one for at
// most that long; a run paused longer than that (a stopped VM) loses its source to the next run.
import { type Env, integer } from '../config-values.ts';
import type { LeaseTimes } from './sync-runner.ts';

export const DEFAULT_LEASE_SECONDS = 120;

export function loadLeaseTimes(env: Env): LeaseTimes {
  const seconds = integer(env, 'SYNC_LEASE_SECONDS', DEFAULT_LEASE_SECONDS, 1, 86_400);
  return { ttlMs: seconds * 1000, renewMs: (seconds * 1000) / 4 };
}
