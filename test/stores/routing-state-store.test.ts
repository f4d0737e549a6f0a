// What every store's `routingState` (src/directory/routing-state-store.ts) must do, through the port only, on each
// store of test/support/stores.ts: the round robin's turn, routed conversations and their pruning, known identities.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STORES } from '../support/stores.ts';

const HOUR_AGO = () => new Date(Date.now() - 3_600_000);

for (const adapter of STORES) {
  describe(`routing state (${adapter.name})`, () => {
    it('gives turns 0, 1, 2, ... per pool, shared by every opener of the store', async () => {
      const one = await adapter.open();
      const two = await adapter.open({ url: await adapter.freshUrl() });
      const url = await adapter.freshUrl();
      const [a, b] = [await adapter.open({ url }), await adapter.open({ url })];
      assert.deepEqual(
        [await a.routingState.nextTurn('workers'), await b.routingState.nextTurn('workers')],
        [0, 1],
      );
      assert.equal(await a.routingState.nextTurn('other'), 0);
      // Asked at once, from both: every turn once.
      const turns = await Promise.all(
        Array.from({ length: 10 }, (_, n) => (n % 2 === 0 ? a : b).routingState.nextTurn('workers')),
      );
      assert.deepEqual(
        [...turns].sort((x, y) => x - y),
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      );
      assert.equal(await one.routingState.nextTurn('workers'), 0);
      assert.equal(await two.routingState.nextTurn('workers'), 0);
    });

    it('counts routed conversations per worker since a time, a conversation routed twice once', async () => {
      const { routingState } = await adapter.open();
      await routingState.recordRouted('CH1', 'carol@example.com', HOUR_AGO());
      await routingState.recordRouted('CH2', 'carol@example.com', HOUR_AGO());
      await routingState.recordRouted('CH2', 'carol@example.com', HOUR_AGO());
      await routingState.recordRouted('CH3', 'dave@example.com', HOUR_AGO());
      const keys = ['carol@example.com', 'dave@example.com', 'erin@example.com'];
      assert.deepEqual(Object.fromEntries(await routingState.routedSince(keys, HOUR_AGO())), {
        'carol@example.com': 2,
        'dave@example.com': 1,
      });
      assert.equal((await routingState.routedSince(keys, new Date(Date.now() + 60_000))).size, 0);
      assert.equal((await routingState.routedSince([], HOUR_AGO())).size, 0);
    });

    it('prunes conversations routed before the cutoff as it records a new one', async () => {
      const { routingState } = await adapter.open();
      await routingState.recordRouted('CH1', 'carol@example.com', HOUR_AGO());
      await routingState.recordRouted('CH2', 'dave@example.com', new Date(Date.now() + 60_000));
      // Everything before the second record's cutoff is gone, whatever time is asked about.
      const counts = await routingState.routedSince(['carol@example.com', 'dave@example.com'], new Date(0));
      assert.deepEqual(Object.fromEntries(counts), { 'dave@example.com': 1 });
    });

    it('keeps the identity as last spelled, under its case-insensitive key', async () => {
      const { routingState } = await adapter.open();
      assert.equal(await routingState.knownIdentity('alice@example.com'), null);
      await routingState.rememberIdentity('Alice@Example.com');
      assert.equal(await routingState.knownIdentity('alice@example.com'), 'Alice@Example.com');
      await routingState.rememberIdentity('alice@example.COM');
      assert.equal(await routingState.knownIdentity('alice@example.com'), 'alice@example.COM');
    });
  });
}
