// `frontline sync status [--json]`: per source, where the next run starts (the checkpoint, its times in UTC), what the
// last run did (counts, errors, start, duration) and whether a run holds the source now, read from the store every
// instance shares. The checkpoint is its connector's own JSON: every time in it (ms since the epoch or ISO-8601) is
// shown by name, anything else as it is.
import { loadConfig } from '../config.ts';
import { SYNC_SOURCES, type SyncLease, type SyncRun, type SyncState } from '../directory/sync-state-store.ts';
import { openStore } from '../stores/open-store.ts';
import { parse } from './args.ts';

export async function syncStatusCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean', default: false } }, false);
  const store = await openStore(loadConfig(process.env).database);
  try {
    const states = [];
    for (const source of SYNC_SOURCES) states.push(await store.syncState.get(source));
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ sources: states.map(statusJson) }, null, 2)}\n`
        : states.map(statusText).join(''),
    );
  } finally {
    await store.close();
  }
  return 0;
}

/** The checkpoint's times by name, as ISO-8601; null when it is not a JSON object. */
export function checkpointTimes(checkpoint: string | null): Record<string, string | null> | null {
  if (checkpoint === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(checkpoint);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const times: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null) times[key] = null;
    const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(ms) && ms > 0) times[key] = new Date(ms).toISOString();
  }
  return times;
}

const durationMs = (run: SyncRun) =>
  run.finishedAt === null ? null : run.finishedAt.getTime() - run.startedAt.getTime();

const leaseJson = (lease: SyncLease | null) =>
  lease === null
    ? null
    : { holder: lease.holder, since: lease.since, expires: lease.expires, live: lease.live };

function statusJson(state: SyncState) {
  const run = state.lastRun;
  return {
    source: state.source,
    checkpoint: state.checkpoint,
    checkpointTimes: checkpointTimes(state.checkpoint),
    lastRun: run === null ? null : { ...run, durationMs: durationMs(run) },
    running: state.lease?.live === true,
    lease: leaseJson(state.lease),
  };
}

const utc = (date: Date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function statusText(state: SyncState): string {
  const lines: string[] = [state.source];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(11)} ${text}`);
  if (state.checkpoint === null && state.lastRun === null && state.lease === null) {
    row('state', 'never synced');
    return `${lines.join('\n')}\n`;
  }
  const times = checkpointTimes(state.checkpoint);
  row(
    'checkpoint',
    state.checkpoint === null
      ? 'none (the next run copies everything)'
      : times === null || Object.keys(times).length === 0
        ? state.checkpoint
        : Object.entries(times)
            .map(([key, iso]) => `${key} ${iso === null ? 'none yet' : utc(new Date(iso))}`)
            .join(', '),
  );
  const run = state.lastRun;
  if (run !== null) {
    const ms = durationMs(run);
    const took = ms === null ? 'not finished' : `took ${(ms / 1000).toFixed(1)} s`;
    row(
      'last run',
      `started ${utc(run.startedAt)}, ${took}: ${run.written} written, ${run.deleted} deleted, ${run.skipped} skipped`,
    );
    row('errors', run.errors ?? 'none');
  }
  const lease = state.lease;
  row(
    'now',
    lease === null
      ? 'idle'
      : lease.live
        ? `running on ${lease.holder} since ${utc(lease.since)}`
        : `idle (the run on ${lease.holder} since ${utc(lease.since)} died; its lease lapsed at ${utc(lease.expires)})`,
  );
  return `${lines.join('\n')}\n`;
}
