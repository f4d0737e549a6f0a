// `frontline sync hubspot|salesforce --once [--full]`: one sync run from the CRM into the store DATABASE_URL names,
// for cron or a job runner. Settings from the environment (src/sync/sync-config.ts); the mapping is checked before anything is
// read. It prints one summary line, and one line per skipped record (its HubSpot id and the fields at fault only).
import { loadConfig } from '../config.ts';
import { openStore } from '../stores/open-store.ts';
import { HubspotApi } from '../sync/hubspot-api.ts';
import { syncHubspot } from '../sync/hubspot-sync.ts';
import { loadMapping } from '../sync/mapping.ts';
import { syncSalesforce } from '../sync/salesforce-sync.ts';
import { loadSalesforceConfig, loadSyncConfig } from '../sync/sync-config.ts';
import { parse } from './args.ts';
import { CliError, usageError } from './cli-error.ts';

export async function syncCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { once: { type: 'boolean', default: false }, full: { type: 'boolean', default: false } },
    true,
  );
  const [source, ...extra] = positionals;
  if ((source !== 'hubspot' && source !== 'salesforce') || extra.length > 0)
    throw usageError('sync takes one source: hubspot or salesforce');
  if (!values.once) throw usageError(`sync ${source} needs --once (a repeating sync is not there yet)`);
  if (source === 'salesforce') return syncSalesforceOnce(values.full);
  const settings = loadSyncConfig(process.env);
  if (settings.hubspot === null)
    throw new CliError(
      'HUBSPOT_ACCESS_TOKEN is not set: create a HubSpot private app and set its access token',
    );
  const mapping = await loadMapping(settings.mappingFile);
  const store = await openStore(loadConfig(process.env).database);
  try {
    const run = await syncHubspot({
      store,
      api: new HubspotApi(settings.hubspot),
      fields: mapping.hubspot,
      full: values.full,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const seconds = ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000;
    process.stderr.write(
      `sync hubspot${values.full ? ' --full' : ''}: ${run.written} written, ${run.deleted} deleted, ` +
        `${run.skipped} skipped in ${seconds.toFixed(1)} s\n`,
    );
  } finally {
    await store.close();
  }
  return 0;
}

async function syncSalesforceOnce(full: boolean): Promise<number> {
  const salesforce = loadSalesforceConfig(process.env);
  if (salesforce === null)
    throw new CliError(
      'Salesforce is not set up: set SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY_FILE ' +
        '(JWT bearer flow), or SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN',
    );
  const mapping = await loadMapping(loadSyncConfig(process.env).mappingFile);
  // jsforce takes seconds to load: only this command loads it, never serve or the other commands.
  const { SalesforceApi } = await import('../sync/salesforce-api.ts');
  const store = await openStore(loadConfig(process.env).database);
  try {
    const run = await syncSalesforce({
      store,
      api: new SalesforceApi(salesforce),
      fields: mapping.salesforce,
      full,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const seconds = ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000;
    process.stderr.write(
      `sync salesforce${full ? ' --full' : ''}: ${run.written} written, ${run.deleted} deleted, ` +
        `${run.skipped} skipped in ${seconds.toFixed(1)} s\n`,
    );
  } finally {
    await store.close();
  }
  return 0;
}
