// One Salesforce sync run, per mapped object (Contact, and Lead if the mapping lists it): a SOQL query of the records
// whose SystemModstamp is at or after the checkpoint, ordered by SystemModstamp and Id, read a batch at a time with
// queryMore; each batch is written in one transaction and only then does the checkpoint move to its last
// SystemModstamp, so a run killed midway resumes from its last committed batch. SOQL compares whole seconds and many
// records share one, so the checkpoint's second is read again: an upsert of the same record changes nothing. Then
// getDeleted removes what was deleted since the last window (Salesforce keeps about 15 days of it: an older
// checkpoint stops the run with one line asking for --full). A converted Lead is removed (its Contact carries on).
// --full reads everything and then removes, in one transaction, the Salesforce customers it did not see.
import { CliError } from '../cli/cli-error.ts';
import type { CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import type { SyncRun } from '../directory/sync-state-store.ts';
import { normalizeRecord } from '../import/normalize.ts';
import { type SalesforceFields, type SalesforceObject, salesforceFields } from './mapping.ts';
import { type RunControl, stopIfAsked } from './run-control.ts';
import type { SalesforceApi } from './salesforce-api.ts';
import { SALESFORCE_PREFIX, type SalesforceContext, salesforceRecord } from './salesforce-record.ts';
import { removeUnseen, writeBatch } from './sync-batch.ts';

export interface SalesforceSyncOptions extends RunControl {
  store: CustomerStore;
  api: SalesforceApi;
  fields: SalesforceFields;
  full: boolean;
  /** One line per event worth telling (an invalid record by id and field); never customer data. */
  log: (line: string) => void;
  /** Records a query batch asks for (Salesforce allows 200 to 2,000). */
  pageSize?: number;
  /** The clock deletion windows end at (tests move it). */
  now?: () => Date;
  /** Where the records' Lightning pages are: the instance URL unless a test says otherwise. */
  linkUrl?: string;
}

interface ObjectCheckpoint {
  /** SystemModstamp of the last record committed, as a SOQL datetime literal (whole seconds). */
  modified: string | null;
  /** Where the next getDeleted window starts (the last one's latestDateCovered), ISO. */
  deleted: string | null;
}

type Checkpoint = Partial<Record<SalesforceObject, ObjectCheckpoint>>;

/** getDeleted's start must be over a minute before its end, and at most 30 days. */
const MIN_WINDOW_MS = 2 * 60_000;
const MAX_WINDOW_MS = 30 * 24 * 3600_000;

export async function syncSalesforce(options: SalesforceSyncOptions): Promise<SyncRun> {
  const { store, api, full, log } = options;
  const now = options.now ?? (() => new Date());
  const state = await store.syncState.get('salesforce');
  const checkpoint: Checkpoint = full || state.checkpoint === null ? {} : JSON.parse(state.checkpoint);
  const run: SyncRun = {
    written: 0,
    deleted: 0,
    skipped: 0,
    errors: null,
    startedAt: now(),
    finishedAt: null,
  };
  await store.syncState.saveRun('salesforce', run);
  const save = () => store.syncState.saveCheckpoint('salesforce', JSON.stringify(checkpoint));
  try {
    await api.connect();
    const context: SalesforceContext = {
      fields: options.fields,
      instanceUrl: options.linkUrl ?? api.instanceUrl,
    };
    const seen = full ? new Set<string>() : null;
    let read = 0;
    for (const object of options.fields.objects) {
      const mark = checkpoint[object] ?? { modified: null, deleted: null };
      checkpoint[object] = mark;
      // A first (or full) read covers every deletion before it; the deletion window starts a little before it.
      mark.deleted ??= new Date(run.startedAt.getTime() - 5 * 60_000).toISOString();
      let page = await api.query(soql(object, options.fields, mark.modified), options.pageSize ?? 2_000);
      const readBefore = read;
      const total = page.total;
      for (;;) {
        const records: CustomerRecord[] = [];
        const removed: string[] = [];
        for (const record of page.records) {
          const id = `${SALESFORCE_PREFIX}${record.Id}`;
          if (object === 'Lead' && record.IsConverted === true) {
            removed.push(id);
            continue;
          }
          const result = normalizeRecord(salesforceRecord(object, record, context), {});
          // --full keeps the last good record of one it cannot map, as a replace keeps an invalid row's.
          seen?.add(id);
          if (result.ok) records.push(result.record);
          else {
            run.skipped++;
            log(
              `salesforce ${object} ${record.Id} skipped: ${result.problems.map((p) => p.field || 'record').join(', ')}`,
            );
          }
        }
        run.deleted += await writeBatch(store, records, removed);
        run.written += records.length;
        const last = page.records.at(-1);
        if (last !== undefined) mark.modified = soqlDateTime(last.SystemModstamp);
        await save();
        read += page.records.length;
        options.progress?.(read, total === null ? null : readBefore + total);
        stopIfAsked(options.signal);
        if (page.next === null) break;
        page = await api.queryMore(page.next);
      }
      if (seen === null) run.deleted += await applyDeletions(store, api, object, mark, now(), save);
      stopIfAsked(options.signal);
    }
    if (seen !== null) run.deleted += await removeUnseen(store, SALESFORCE_PREFIX, seen);
    if (run.skipped > 0) run.errors = `${run.skipped} invalid record${run.skipped === 1 ? '' : 's'} skipped`;
  } catch (error) {
    run.errors = (error as Error).message.split('\n')[0] ?? 'failed';
    throw error;
  } finally {
    run.finishedAt = now();
    await store.syncState.saveRun('salesforce', run);
  }
  return run;
}

function soql(object: SalesforceObject, fields: SalesforceFields, since: string | null): string {
  const selected = salesforceFields(fields);
  if (object === 'Lead' && !selected.includes('IsConverted')) selected.push('IsConverted');
  const where = since === null ? '' : ` WHERE SystemModstamp >= ${since}`;
  return `SELECT ${selected.join(', ')} FROM ${object}${where} ORDER BY SystemModstamp, Id`;
}

/** "2026-11-28T10:00:01.000+0000" → 2026-11-28T10:00:01Z (SOQL's literal; the milliseconds dropped, never rounded up). */
export function soqlDateTime(value: string): string {
  const ms = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (!Number.isFinite(ms)) throw new Error(`Salesforce sent a SystemModstamp that is not a date: ${value}`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function applyDeletions(
  store: CustomerStore,
  api: SalesforceApi,
  object: SalesforceObject,
  mark: ObjectCheckpoint,
  end: Date,
  save: () => Promise<void>,
): Promise<number> {
  const from = Date.parse(mark.deleted ?? end.toISOString());
  const start = new Date(Math.min(from, end.getTime() - MIN_WINDOW_MS));
  const tooOld = () =>
    new CliError(
      `Salesforce no longer lists the ${object} records deleted since ${mark.deleted} (it keeps about 15 days): ` +
        'run frontline sync salesforce --once --full to remove them',
    );
  if (end.getTime() - start.getTime() > MAX_WINDOW_MS) throw tooOld();
  let window: Awaited<ReturnType<SalesforceApi['deleted']>>;
  try {
    window = await api.deleted(object, start, end);
  } catch (error) {
    if (error instanceof CliError && error.message.includes('INVALID_REPLICATION_DATE')) throw tooOld();
    throw error;
  }
  const earliest =
    window.earliestDateAvailable === null ? Number.NaN : parseDate(window.earliestDateAvailable);
  if (earliest > start.getTime()) throw tooOld();
  const removed = await writeBatch(
    store,
    [],
    window.ids.map((id) => `${SALESFORCE_PREFIX}${id}`),
  );
  mark.deleted = new Date(
    window.latestDateCovered === null ? end.getTime() : parseDate(window.latestDateCovered),
  ).toISOString();
  await save();
  return removed;
}

const parseDate = (value: string) => Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
