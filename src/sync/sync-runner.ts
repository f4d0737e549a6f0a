// One sync run of one source under the source's lease (store.syncState): only the run that takes it writes, on every
// instance sharing the store. The lease is renewed on a timer while the run goes; a run that dies leaves a lease that
// lapses after its time to live, and the next run takes it over. A run that finds its lease taken (it was paused
// past the lease's life) is asked to stop at its next batch, like one that gets SIGTERM.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CliError } from '../cli/cli-error.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import type { SyncLease, SyncRun, SyncSource } from '../directory/sync-state-store.ts';
import type { RunControl } from './run-control.ts';

/** The exit code of a run refused because another run holds the source. */
export const BUSY_EXIT_CODE = 3;

export type Connector = (control: Required<Pick<RunControl, 'signal'>> & RunControl) => Promise<SyncRun>;

export interface LeaseTimes {
  /** How long a lease lives unless renewed. */
  ttlMs: number;
  /** How often the run renews it (well under ttlMs). */
  renewMs: number;
}

export interface RunOptions {
  store: CustomerStore;
  source: SyncSource;
  connector: Connector;
  /** Aborted by SIGTERM/SIGINT: the connector stops at its next batch. */
  signal: AbortSignal;
  lease: LeaseTimes;
  progress?: RunControl['progress'];
  /** Lines about the lease (taken over, lost, not renewed); never customer data. */
  log: (line: string) => void;
}

/** Another run holds the source: says who, where and since when. */
export class SyncBusy extends CliError {
  readonly lease: SyncLease;

  constructor(source: SyncSource, lease: SyncLease) {
    super(
      `another sync ${source} run holds it since ${lease.since.toISOString()}, on ${lease.holder} ` +
        `(its lease lapses at ${lease.expires.toISOString()} unless that run renews it)`,
      BUSY_EXIT_CODE,
    );
    this.name = 'SyncBusy';
    this.lease = lease;
  }
}

export function holderName(): string {
  return `${hostname()} pid ${process.pid}`;
}

export async function runLeased(options: RunOptions): Promise<SyncRun> {
  const { store, source, log } = options;
  const times = options.lease;
  const owner = randomUUID();
  const answer = await store.syncState.acquireLease(source, owner, holderName(), times.ttlMs);
  if (!answer.taken) throw new SyncBusy(source, answer.held);
  if (answer.expired !== null)
    log(
      `sync ${source}: took over the lapsed lease of ${answer.expired.holder} (held since ` +
        `${answer.expired.since.toISOString()}; that run died or stopped renewing it)`,
    );
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal.reason);
  if (options.signal.aborted) onAbort();
  else options.signal.addEventListener('abort', onAbort, { once: true });
  const renew = async () => {
    try {
      if (!(await store.syncState.renewLease(source, owner, times.ttlMs))) {
        log(`sync ${source}: its lease was taken by another run; stopping after this batch`);
        stop.abort('lease lost');
      }
    } catch (error) {
      // The store is out of reach for a moment: the lease lives on until ttlMs; the next tick tries again.
      log(`sync ${source}: could not renew its lease (${(error as Error).message.split('\n')[0]})`);
    }
  };
  const timer = setInterval(() => void renew(), times.renewMs);
  try {
    return await options.connector({
      signal: stop.signal,
      ...(options.progress === undefined ? {} : { progress: options.progress }),
    });
  } finally {
    clearInterval(timer);
    options.signal.removeEventListener('abort', onAbort);
    await store.syncState.releaseLease(source, owner).catch((error: Error) => {
      log(
        `sync ${source}: could not release its lease, it lapses by itself (${error.message.split('\n')[0]})`,
      );
    });
  }
}
