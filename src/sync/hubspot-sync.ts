// One HubSpot sync run: owners once, then contacts modified since the checkpoint, oldest first, a page at a time;
// each page's records are written in one import session (one transaction) and only then is the checkpoint moved to
// the page's last lastmodifieddate, so a run killed midway resumes from its last committed page (the search is
// inclusive, so that page's last moment is read again: an upsert of the same record changes nothing). HubSpot's search
// stops at 10,000 results a query; a query that reaches that window starts again from the last date seen. Deletions
// come from the archived contacts list. --full reads everything and then removes the HubSpot customers it did not see.
import type { CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import type { SyncRun } from '../directory/sync-state-store.ts';
import { normalizeRecord } from '../import/normalize.ts';
import type { HubspotApi } from './hubspot-api.ts';
import { hubspotRecord, ID_PREFIX } from './hubspot-record.ts';
import { type HubspotFields, hubspotProperties } from './mapping.ts';
import { type RunControl, stopIfAsked } from './run-control.ts';
import { removeUnseen, writeBatch } from './sync-batch.ts';

export interface HubspotSyncOptions extends RunControl {
  store: CustomerStore;
  api: HubspotApi;
  fields: HubspotFields;
  full: boolean;
  /** One line per event worth telling (an invalid record by id, a window restart); never customer data. */
  log: (line: string) => void;
  /** Contacts a search page asks for (HubSpot allows up to 200). */
  pageSize?: number;
  /** HubSpot's cap on the results of one search query. */
  searchWindow?: number;
  appUrl?: string;
}

interface Checkpoint {
  /** lastmodifieddate (ms) of the last contact committed. */
  modified: number | null;
  /** archivedAt (ms) of the latest deletion applied. */
  archived: number | null;
}

function readCheckpoint(text: string | null): Checkpoint {
  if (text === null) return { modified: null, archived: null };
  const parsed = JSON.parse(text) as Partial<Checkpoint>;
  return { modified: parsed.modified ?? null, archived: parsed.archived ?? null };
}

export async function syncHubspot(options: HubspotSyncOptions): Promise<SyncRun> {
  const { store, api, full, log } = options;
  const state = await store.syncState.get('hubspot');
  const checkpoint = full ? { modified: null, archived: null } : readCheckpoint(state.checkpoint);
  const run: SyncRun = {
    written: 0,
    deleted: 0,
    skipped: 0,
    errors: null,
    startedAt: new Date(),
    finishedAt: null,
  };
  await store.syncState.saveRun('hubspot', run);
  const save = () => store.syncState.saveCheckpoint('hubspot', JSON.stringify(checkpoint));
  try {
    const context = {
      fields: options.fields,
      owners: await api.owners(),
      portalId: options.fields.link ? await api.portalId() : null,
      appUrl: options.appUrl ?? 'https://app.hubspot.com',
    };
    const seen = full ? new Set<string>() : null;
    const properties = hubspotProperties(options.fields);
    const pageSize = options.pageSize ?? 100;
    const window = options.searchWindow ?? 10_000;
    let since = checkpoint.modified;
    let after: string | null = null;
    // Contacts read before the current query (a window restart begins a new one, which HubSpot counts anew).
    let readBefore = 0;
    let read = 0;
    for (;;) {
      const page = await api.search(since, properties, after, pageSize);
      const records: CustomerRecord[] = [];
      for (const contact of page.contacts) {
        const result = normalizeRecord(hubspotRecord(contact, context), {});
        if (result.ok) {
          records.push(result.record);
          seen?.add(result.record.customer_id);
        } else {
          run.skipped++;
          // --full keeps the last good record of a contact it cannot map, as a replace keeps an invalid row's.
          seen?.add(`${ID_PREFIX}${contact.id}`);
          log(
            `hubspot contact ${contact.id} skipped: ${result.problems.map((p) => p.field || 'record').join(', ')}`,
          );
        }
      }
      await writeBatch(store, records, []);
      run.written += records.length;
      const last = page.modified.at(-1);
      if (last !== undefined) checkpoint.modified = last;
      await save();
      read += page.contacts.length;
      options.progress?.(read, page.total === null ? null : readBefore + page.total);
      if (page.next === null) break;
      stopIfAsked(options.signal);
      if (Number(page.next) + pageSize > window) {
        if (checkpoint.modified === since)
          throw new Error(`more than ${window} contacts share one lastmodifieddate`);
        log(`hubspot search reached its ${window}-result window: starting again from the last date seen`);
        since = checkpoint.modified;
        after = null;
        // The new query reads the last date's contacts again: they count in its total, not twice in ours.
        readBefore = read - page.modified.filter((ms) => ms === checkpoint.modified).length;
      } else after = page.next;
    }
    stopIfAsked(options.signal);
    run.deleted +=
      seen === null
        ? await applyDeletions(store, api, checkpoint, save)
        : await removeUnseen(store, ID_PREFIX, seen);
    if (run.skipped > 0) run.errors = `${run.skipped} invalid record${run.skipped === 1 ? '' : 's'} skipped`;
  } catch (error) {
    run.errors = (error as Error).message.split('\n')[0] ?? 'failed';
    throw error;
  } finally {
    run.finishedAt = new Date();
    await store.syncState.saveRun('hubspot', run);
  }
  return run;
}

/** Removes the contacts archived after the checkpoint, a page at a time, moving the checkpoint after each. */
async function applyDeletions(
  store: CustomerStore,
  api: HubspotApi,
  checkpoint: Checkpoint,
  save: () => Promise<void>,
): Promise<number> {
  let deleted = 0;
  let after: string | null = null;
  do {
    const page = await api.archived(after, 100);
    const fresh = page.ids.filter(
      ({ archivedAt }) => checkpoint.archived === null || archivedAt > checkpoint.archived,
    );
    deleted += await writeBatch(
      store,
      [],
      fresh.map(({ id }) => `${ID_PREFIX}${id}`),
    );
    const latest = Math.max(checkpoint.archived ?? 0, ...fresh.map(({ archivedAt }) => archivedAt));
    if (fresh.length > 0) checkpoint.archived = latest;
    await save();
    after = page.next;
  } while (after !== null);
  return deleted;
}
