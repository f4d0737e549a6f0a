// What every store's `syncState` (src/directory/sync-state-store.ts) must do, through the port only, on each store
// of test/support/stores.ts: the CRM sync's part of the store contract.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SyncRun } from '../../src/directory/sync-state-store.ts';
import { STORES } from '../support/stores.ts';

const STARTED = new Date('2026-12-02T03:00:00.000Z');
const run = (over: Partial<SyncRun> = {}): SyncRun => ({
  written: 1200,
  deleted: 3,
  skipped: 2,
  errors: '2 invalid records skipped',
  startedAt: STARTED,
  finishedAt: new Date(STARTED.getTime() + 4_500),
  ...over,
});

for (const adapter of STORES) {
  describe(`sync state (${adapter.name})`, () => {
    it('knows no checkpoint and no run for a source never synced', async () => {
      const { syncState } = await adapter.open();
      assert.deepEqual(await syncState.get('hubspot'), {
        source: 'hubspot',
        checkpoint: null,
        lastRun: null,
      });
    });

    it('keeps a checkpoint per source, the last one saved', async () => {
      const { syncState } = await adapter.open();
      await syncState.saveCheckpoint('hubspot', '{"after":"2026-12-01T00:00:00.000Z"}');
      await syncState.saveCheckpoint('hubspot', '{"after":"2026-12-02T00:00:00.000Z"}');
      assert.deepEqual(await syncState.get('hubspot'), {
        source: 'hubspot',
        checkpoint: '{"after":"2026-12-02T00:00:00.000Z"}',
        lastRun: null,
      });
      assert.equal((await syncState.get('salesforce')).checkpoint, null);
      await syncState.saveCheckpoint('hubspot', null);
      assert.equal((await syncState.get('hubspot')).checkpoint, null);
    });

    it('keeps the last run with its counts, errors and times, apart from the checkpoint', async () => {
      const { syncState } = await adapter.open();
      await syncState.saveCheckpoint('salesforce', 'cp-1');
      await syncState.saveRun('salesforce', run({ finishedAt: null, errors: null }));
      assert.deepEqual(await syncState.get('salesforce'), {
        source: 'salesforce',
        checkpoint: 'cp-1',
        lastRun: run({ finishedAt: null, errors: null }),
      });
      await syncState.saveRun('salesforce', run());
      await syncState.saveCheckpoint('salesforce', 'cp-2');
      assert.deepEqual(await syncState.get('salesforce'), {
        source: 'salesforce',
        checkpoint: 'cp-2',
        lastRun: run(),
      });
      assert.deepEqual(await syncState.get('hubspot'), {
        source: 'hubspot',
        checkpoint: null,
        lastRun: null,
      });
    });

    it('is shared by every store opened on the same database', async () => {
      const url = await adapter.freshUrl();
      const first = await adapter.open({ url });
      const second = await adapter.open({ url });
      await first.syncState.saveCheckpoint('hubspot', 'shared');
      await first.syncState.saveRun('hubspot', run());
      assert.deepEqual(await second.syncState.get('hubspot'), {
        source: 'hubspot',
        checkpoint: 'shared',
        lastRun: run(),
      });
    });
  });
}
