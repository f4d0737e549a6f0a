// `frontline sync SOURCE --once|--every DURATION [--full]`: sync runs from a CRM into the store DATABASE_URL names,
// one at a time per source on every instance (the lease: src/sync/sync-runner.ts). --once is one run, for cron; it
// prints one summary line on stderr and one line per skipped record (its CRM id and the fields at fault only).
// --every is a long-running process (src/sync/sync-every.ts) that logs each run as a pino line on stdout, like serve.
// SIGTERM or SIGINT stops either cleanly: the batch being written is finished, its checkpoint saved, the lease
// released, exit 0; a second signal exits at once (the store's transactions keep it whole either way).
import { loadConfig } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import type { SyncRun, SyncSource } from '../directory/sync-state-store.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../stores/open-store.ts';
import { syncHubspot } from '../sync/hubspot-sync.ts';
import { loadMapping } from '../sync/mapping.ts';
import { SyncStopped } from '../sync/run-control.ts';
import { loadLeaseTimes } from '../sync/runner-config.ts';
import { loadSalesforceConfig, loadSyncConfig } from '../sync/sync-config.ts';
import { parseDuration, runEvery } from '../sync/sync-every.ts';
import { type Connector, type LeaseTimes, runLeased } from '../sync/sync-runner.ts';
import { parse } from './args.ts';
import { CliError, usageError } from './cli-error.ts';
import { progressBar } from './progress.ts';

/** A source's connector, once its settings and mapping are checked: what one run of it does on a store. */
type Prepared = (store: CustomerStore, log: (line: string) => void) => Connector;

const SOURCES: Record<string, (full: boolean) => Promise<Prepared>> = {
  hubspot: prepareHubspot,
  salesforce: prepareSalesforce,
};

async function prepareHubspot(full: boolean): Promise<Prepared> {
  const settings = loadSyncConfig(process.env);
  if (settings.hubspot === null)
    throw new CliError(
      'HUBSPOT_ACCESS_TOKEN is not set: create a HubSpot private app and set its access token',
    );
  const hubspot = settings.hubspot;
  const mapping = await loadMapping(settings.mappingFile);
  // @hubspot/api-client holds about 15 MB once loaded: only this command loads it, never serve (docs/operations.md).
  const { HubspotApi } = await import('../sync/hubspot-api.ts');
  return (store, log) => (control) =>
    syncHubspot({ store, api: new HubspotApi(hubspot), fields: mapping.hubspot, full, log, ...control });
}

async function prepareSalesforce(full: boolean): Promise<Prepared> {
  const salesforce = loadSalesforceConfig(process.env);
  if (salesforce === null)
    throw new CliError(
      'Salesforce is not set up: set SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY_FILE ' +
        '(JWT bearer flow), or SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN',
    );
  const mapping = await loadMapping(loadSyncConfig(process.env).mappingFile);
  // jsforce takes seconds to load: only this command loads it, never serve or the other commands.
  const { SalesforceApi } = await import('../sync/salesforce-api.ts');
  const { syncSalesforce } = await import('../sync/salesforce-sync.ts');
  return (store, log) => (control) =>
    syncSalesforce({
      store,
      api: new SalesforceApi(salesforce),
      fields: mapping.salesforce,
      full,
      log,
      ...control,
    });
}

export async function syncCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      once: { type: 'boolean', default: false },
      every: { type: 'string' },
      full: { type: 'boolean', default: false },
    },
    true,
  );
  const [name, ...extra] = positionals;
  const sources = Object.keys(SOURCES).join(', ');
  if (name === undefined || !Object.hasOwn(SOURCES, name) || extra.length > 0)
    throw usageError(`sync takes one source: ${sources} (or: sync status)`);
  const source = name as SyncSource;
  if (values.once === (values.every !== undefined))
    throw usageError(
      `sync ${source} needs one of --once (one run) or --every DURATION (a run every 30s, 5m, 1h…)`,
    );
  const interval = values.every === undefined ? null : parseDuration(values.every);
  if (values.every !== undefined && interval === null)
    throw usageError(
      `--every takes a whole number and s, m or h, such as 30s, 5m or 1h (got "${values.every}")`,
    );
  const prepared = await (SOURCES[source] as (full: boolean) => Promise<Prepared>)(values.full);
  const config = loadConfig(process.env);
  const lease = loadLeaseTimes(process.env);
  const store = await openStore(config.database);
  const stop = stopOnSignals();
  try {
    const run = { store, source, full: values.full, prepared, signal: stop.signal, lease };
    if (interval === null) return await once(run);
    await every(run, interval, config.logLevel);
    return 0;
  } finally {
    stop.dispose();
    await store.close();
  }
}

interface RunSetup {
  store: CustomerStore;
  source: SyncSource;
  full: boolean;
  prepared: Prepared;
  signal: AbortSignal;
  lease: LeaseTimes;
}

async function once({ store, source, full, prepared, signal, lease }: RunSetup): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // A progress bar for a full copy (--full, or the first run of a source), on a terminal only.
  const copying = full || (await store.syncState.get(source)).checkpoint === null;
  const bar = copying ? progressBar(process.stderr, 'contacts') : null;
  let last: [number, number | null] = [0, null];
  try {
    const run = await runLeased({
      store,
      source,
      connector: prepared(store, log),
      signal,
      lease,
      log,
      ...(bar === null
        ? {}
        : {
            progress: (read: number, total: number | null) => {
              last = [read, total];
              bar.update(read, total ?? undefined, read);
            },
          }),
    });
    bar?.update(last[0], last[1] ?? undefined, last[0], true);
    bar?.done();
    log(summaryLine(source, full, run));
  } catch (error) {
    bar?.done();
    if (!(error instanceof SyncStopped)) throw error;
    const { lastRun } = await store.syncState.get(source);
    log(
      `sync ${source}${full ? ' --full' : ''}: ${error.message}: ${lastRun?.written ?? 0} written; ` +
        'the next run resumes from its checkpoint',
    );
  }
  return 0;
}

async function every(setup: RunSetup, intervalMs: number, level: string): Promise<void> {
  const { store, source, full, prepared, signal, lease } = setup;
  const logger = createLogger(level).child({ sync: source });
  const log = (line: string) => logger.warn(line);
  process.stderr.write(
    `sync ${source}${full ? ' --full' : ''} every ${intervalMs / 1000} s (SIGTERM stops it)\n`,
  );
  try {
    await runEvery(
      intervalMs,
      () => runLeased({ store, source, connector: prepared(store, log), signal, lease, log }),
      signal,
      {
        ran: (outcome) => {
          if ('run' in outcome)
            logger.info(runFields(outcome.run, full), summaryLine(source, full, outcome.run));
          else if ('busy' in outcome)
            logger.info(`sync ${source}: ${outcome.busy.message}; trying at the next tick`);
          else
            logger.error(
              { failures: outcome.failures, nextInMs: outcome.waitMs },
              `sync ${source} failed: ${outcome.failed.message.split('\n')[0]}`,
            );
        },
      },
    );
    logger.info(`sync ${source}: stopped (${String(signal.reason ?? 'done')})`);
  } finally {
    logger.flush();
  }
}

export function summaryLine(source: SyncSource, full: boolean, run: SyncRun): string {
  const seconds = ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000;
  return (
    `sync ${source}${full ? ' --full' : ''}: ${run.written} written, ${run.deleted} deleted, ` +
    `${run.skipped} skipped in ${seconds.toFixed(1)} s`
  );
}

function runFields(run: SyncRun, full: boolean) {
  const durationMs = (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime();
  return {
    full,
    written: run.written,
    deleted: run.deleted,
    skipped: run.skipped,
    errors: run.errors,
    durationMs,
  };
}

/** The first SIGTERM/SIGINT asks the run to stop after its batch; a second one exits at once. */
function stopOnSignals() {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
