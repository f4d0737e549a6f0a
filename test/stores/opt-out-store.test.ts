// What every store's `optOuts` (src/directory/opt-out-store.ts) must do, through the port only, on each store of
// test/support/stores.ts: opt-outs per (channel type, address), kept apart from the customers, so that rewriting a
// customer never clears one; explicit changes through an import or a single write, in its transaction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelAddress } from '../../src/directory/address.ts';
import type { CustomerRecord } from '../../src/directory/customer.ts';
import { optOutKey } from '../../src/directory/opt-out-store.ts';
import { STORES } from '../support/stores.ts';

const SMS: ChannelAddress = { type: 'sms', key: '+12125550199' };
const WHATSAPP: ChannelAddress = { type: 'whatsapp', key: '+12125550199' };
const EMAIL: ChannelAddress = { type: 'email', key: 'zoe@acme.io' };
const T1 = new Date('2026-01-02T03:04:05.678Z');
const T2 = new Date('2026-02-03T04:05:06.789Z');

const zoe: CustomerRecord = {
  customer_id: 'C1',
  display_name: 'Zoë Martin',
  channels: [
    { type: 'sms', value: '+12125550199' },
    { type: 'whatsapp', value: 'whatsapp:+12125550199' },
  ],
  workers: ['alice@example.com'],
};

const times = (found: Map<string, Date>) =>
  Object.fromEntries([...found].map(([key, at]) => [key, at.toISOString()]));

for (const adapter of STORES) {
  describe(`opt-outs (${adapter.name})`, () => {
    it('keeps an opt-out per channel type and address, its first time, until opted in', async () => {
      const { optOuts } = await adapter.open();
      assert.equal((await optOuts.optedOut([SMS, WHATSAPP])).size, 0);
      assert.equal(await optOuts.optOut(SMS, T1), true);
      // A second STOP keeps the time of the first.
      assert.equal(await optOuts.optOut(SMS, T2), false);
      assert.deepEqual(times(await optOuts.optedOut([SMS, WHATSAPP, EMAIL])), {
        [optOutKey(SMS)]: T1.toISOString(),
      });
      assert.equal(await optOuts.optIn(WHATSAPP), false);
      assert.equal(await optOuts.optIn(SMS), true);
      assert.equal(await optOuts.optIn(SMS), false);
      assert.equal((await optOuts.optedOut([SMS])).size, 0);
      assert.equal((await optOuts.optedOut([])).size, 0);
    });

    it('is shared by every opener of the store', async () => {
      const url = await adapter.freshUrl();
      const [a, b] = [await adapter.open({ url }), await adapter.open({ url })];
      await a.optOuts.optOut(WHATSAPP, T1);
      assert.deepEqual(times(await b.optOuts.optedOut([WHATSAPP])), {
        [optOutKey(WHATSAPP)]: T1.toISOString(),
      });
    });

    it('survives imports and writes that rewrite or remove the customer', async () => {
      const store = await adapter.open();
      await store.optOuts.optOut(SMS, T1);
      const session = await store.beginImport();
      await session.upsert([zoe]);
      await session.commit();
      await store.putRecord({ ...zoe, display_name: 'Zoë M.' }, { kind: 'any' });
      const replace = await store.beginImport();
      await replace.removeExcept(() => false);
      await replace.commit();
      assert.deepEqual(times(await store.optOuts.optedOut([SMS])), { [optOutKey(SMS)]: T1.toISOString() });
    });

    it('sets and clears explicitly in an import, all or nothing with it', async () => {
      const store = await adapter.open();
      await store.optOuts.optOut(SMS, T1);
      const rolledBack = await store.beginImport();
      await rolledBack.upsert([zoe]);
      await rolledBack.setOptOuts([
        { address: SMS, optedOutAt: null },
        { address: EMAIL, optedOutAt: T2 },
      ]);
      await rolledBack.rollback();
      assert.deepEqual(Object.keys(times(await store.optOuts.optedOut([SMS, EMAIL]))), [optOutKey(SMS)]);
      const session = await store.beginImport();
      await session.setOptOuts([
        { address: SMS, optedOutAt: null },
        { address: EMAIL, optedOutAt: T1 },
        { address: EMAIL, optedOutAt: T2 },
      ]);
      await session.setOptOuts([]);
      await session.commit();
      assert.deepEqual(times(await store.optOuts.optedOut([SMS, EMAIL])), {
        [optOutKey(EMAIL)]: T2.toISOString(),
      });
    });

    it('sets and clears explicitly in a single write, only when its condition holds', async () => {
      const store = await adapter.open();
      const failed = await store.putRecord(zoe, { kind: 'present' }, [{ address: SMS, optedOutAt: T1 }]);
      assert.equal(failed.kind, 'precondition_failed');
      assert.equal((await store.optOuts.optedOut([SMS])).size, 0);
      const created = await store.putRecord(zoe, { kind: 'absent' }, [{ address: WHATSAPP, optedOutAt: T1 }]);
      assert.equal(created.kind, 'created');
      assert.deepEqual(Object.keys(times(await store.optOuts.optedOut([SMS, WHATSAPP]))), [
        optOutKey(WHATSAPP),
      ]);
      const cleared = await store.putRecord(zoe, { kind: 'any' }, [{ address: WHATSAPP, optedOutAt: null }]);
      assert.equal(cleared.kind, 'unchanged');
      assert.equal((await store.optOuts.optedOut([WHATSAPP])).size, 0);
    });
  });
}
