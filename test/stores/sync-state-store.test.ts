// What every store's `syncState` (src/directory/sync-state-store.ts) must do, through the port only, on each store
// of test/support/stores.ts: the CRM sync's part of the store contract.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
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
        lease: null,
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
        lease: null,
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
        lease: null,
      });
      await syncState.saveRun('salesforce', run());
      await syncState.saveCheckpoint('salesforce', 'cp-2');
      assert.deepEqual(await syncState.get('salesforce'), {
        source: 'salesforce',
        checkpoint: 'cp-2',
        lastRun: run(),
        lease: null,
      });
      assert.deepEqual(await syncState.get('hubspot'), {
        source: 'hubspot',
        checkpoint: null,
        lastRun: null,
        lease: null,
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
        lease: null,
      });
    });

    it('lends a source to one run at a time: refused to another, renewed and released by its owner', async () => {
      const { syncState } = await adapter.open();
      const taken = await syncState.acquireLease('hubspot', 'run-a', 'host-a pid 1', 60_000);
      assert.deepEqual(taken, { taken: true, expired: null });
      const { lease } = await syncState.get('hubspot');
      assert.equal(lease?.owner, 'run-a');
      assert.equal(lease?.holder, 'host-a pid 1');
      assert.equal(lease?.live, true);
      assert.ok(lease !== null && lease.expires > lease.since);

      const refused = await syncState.acquireLease('hubspot', 'run-b', 'host-b pid 2', 60_000);
      assert.equal(refused.taken, false);
      assert.deepEqual(refused.taken ? null : refused.held, lease);
      assert.equal((await syncState.acquireLease('salesforce', 'run-b', 'host-b pid 2', 60_000)).taken, true);

      // Its owner taking it again renews it and keeps when it was first taken.
      assert.deepEqual(await syncState.acquireLease('hubspot', 'run-a', 'host-a pid 1', 120_000), {
        taken: true,
        expired: null,
      });
      const renewed = (await syncState.get('hubspot')).lease;
      assert.equal(renewed?.since.getTime(), lease?.since.getTime());
      assert.ok(renewed !== null && lease !== null && renewed.expires > lease.expires);
      assert.equal(await syncState.renewLease('hubspot', 'run-a', 60_000), true);
      assert.equal(await syncState.renewLease('hubspot', 'run-b', 60_000), false);

      await syncState.releaseLease('hubspot', 'run-b');
      assert.equal((await syncState.get('hubspot')).lease?.owner, 'run-a');
      await syncState.releaseLease('hubspot', 'run-a');
      assert.equal((await syncState.get('hubspot')).lease, null);
      assert.equal(await syncState.renewLease('hubspot', 'run-a', 60_000), false);
      assert.equal((await syncState.acquireLease('hubspot', 'run-b', 'host-b pid 2', 60_000)).taken, true);
    });

    it('keeps the checkpoint and the last run through a lease, and the lease through their saves', async () => {
      const { syncState } = await adapter.open();
      await syncState.saveCheckpoint('hubspot', 'cp');
      await syncState.saveRun('hubspot', run());
      await syncState.acquireLease('hubspot', 'run-a', 'here', 60_000);
      await syncState.saveCheckpoint('hubspot', 'cp-2');
      await syncState.saveRun('hubspot', run({ written: 5 }));
      const state = await syncState.get('hubspot');
      assert.equal(state.checkpoint, 'cp-2');
      assert.equal(state.lastRun?.written, 5);
      assert.equal(state.lease?.owner, 'run-a');
      await syncState.releaseLease('hubspot', 'run-a');
      assert.deepEqual(await syncState.get('hubspot'), {
        source: 'hubspot',
        checkpoint: 'cp-2',
        lastRun: run({ written: 5 }),
        lease: null,
      });
    });

    it('lets the next run take over the lease of a run that died once it has expired', async () => {
      const { syncState } = await adapter.open();
      await syncState.acquireLease('hubspot', 'dead-run', 'host-a pid 1', 1);
      await sleep(20);
      const lapsed = (await syncState.get('hubspot')).lease;
      assert.equal(lapsed?.owner, 'dead-run');
      assert.equal(lapsed?.live, false);
      const answer = await syncState.acquireLease('hubspot', 'next-run', 'host-b pid 2', 60_000);
      assert.deepEqual(answer, { taken: true, expired: lapsed });
      // The dead run, were it only paused, finds its lease gone and cannot renew or release the new one.
      assert.equal(await syncState.renewLease('hubspot', 'dead-run', 60_000), false);
      await syncState.releaseLease('hubspot', 'dead-run');
      assert.equal((await syncState.get('hubspot')).lease?.owner, 'next-run');
    });

    it('gives the lease to exactly one of several runs racing for it, each on its own connection', async () => {
      const url = await adapter.freshUrl();
      const stores = [];
      for (let n = 0; n < 6; n++) stores.push(await adapter.open({ url }));
      const answers = await Promise.all(
        stores.map((store, n) => store.syncState.acquireLease('hubspot', `run-${n}`, `pid ${n}`, 60_000)),
      );
      const winners = answers.flatMap((answer, n) => (answer.taken ? [`run-${n}`] : []));
      assert.equal(winners.length, 1);
      for (const answer of answers) if (!answer.taken) assert.equal(answer.held.owner, winners[0]);
      assert.equal((await stores[0]?.syncState.get('hubspot'))?.lease?.owner, winners[0]);
    });
  });
}
