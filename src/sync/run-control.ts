// What the runner (sync-runner.ts) hands a connector beside its own options, the same for every CRM: a signal that
// asks the run to stop at its next batch boundary (SIGTERM, SIGINT, or a lease another run took over), and a place to
// say how far a read has come (the progress bar of a full copy).

export interface RunControl {
  /** Aborted: stop after the batch being written, once its checkpoint is saved (stopIfAsked). */
  signal?: AbortSignal;
  /** Told after each committed batch: records read so far this run, and how many in all when the CRM says. */
  progress?: (read: number, total: number | null) => void;
}

/** A run that stopped because it was asked to; its committed batches and checkpoint stay. */
export class SyncStopped extends Error {
  constructor(reason: string) {
    super(`stopped (${reason}) after a committed batch`);
    this.name = 'SyncStopped';
  }
}

/** Between batches, after the checkpoint is saved: throws SyncStopped when the run has been asked to stop. */
export function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SyncStopped(String(signal.reason ?? 'asked'));
}
