// What opening any store takes, beside where it is: the tier-1 candidate budget and who is told what migrating did.
import type { MigrationReport } from './migrate.ts';

export interface StoreOptions {
  /**
   * Up to this many trigram candidates, a tier-1 search page is built from them; beyond it, by walking the name
   * order (list-plan.ts). Tests set it to 0 or 1 to force the walk.
   */
  ftsCandidateLimit?: number;
  /** Told what opening the store migrated (`frontline migrate` prints it). */
  onMigrated?: (report: MigrationReport) => void;
  /** How long a single-record write waits for a running import before store_busy (WRITE_WAIT_MS); tests shorten it. */
  writeWaitMs?: number;
}

export const DEFAULT_CANDIDATE_BUDGET = 1000;
/** How long a single-record write (the directory API) waits for a running import before it answers store_busy. */
export const WRITE_WAIT_MS = 5000;

/** The candidate budget the options ask for, checked. */
export function candidateBudget(options: StoreOptions): number {
  const budget = options.ftsCandidateLimit ?? DEFAULT_CANDIDATE_BUDGET;
  if (!Number.isInteger(budget) || budget < 0) {
    throw new RangeError(`ftsCandidateLimit must be a whole number, 0 or more (got ${budget})`);
  }
  return budget;
}
