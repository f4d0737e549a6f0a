// What every store's `apiKeys` (src/directory/api-key-store.ts) must do, through the port only, on each store of
// test/support/stores.ts: the keys' part of the store contract. Hashes here are made up (any 64 hex digits); what a
// real key and its hash are is test/api/api-keys.test.ts's.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NewApiKey } from '../../src/directory/api-key-store.ts';
import { AppError } from '../../src/errors.ts';
import { SQLITE, STORES } from '../support/stores.ts';

const hashOf = (seed: string) => createHash('sha256').update(seed).digest('hex');
const CREATED = new Date('2026-12-01T09:00:00.000Z');
const key = (name: string, readOnly = false): NewApiKey => ({
  name,
  hash: hashOf(name),
  readOnly,
  createdAt: CREATED,
});
const at = (minutes: number) => new Date(CREATED.getTime() + minutes * 60_000);

for (const adapter of STORES) {
  describe(`API keys (${adapter.name})`, () => {
    it('creates keys and lists them by name with their flags and times, never a hash', async () => {
      const { apiKeys } = await adapter.open();
      assert.deepEqual(await apiKeys.list(), []);
      await apiKeys.create(key('zapier', true));
      await apiKeys.create(key('crm.hubspot'));
      assert.deepEqual(await apiKeys.list(), [
        { name: 'crm.hubspot', readOnly: false, createdAt: CREATED, lastUsedAt: null },
        { name: 'zapier', readOnly: true, createdAt: CREATED, lastUsedAt: null },
      ]);
    });

    it('refuses a name already in use with a clear message, and keeps the key that has it', async () => {
      const { apiKeys } = await adapter.open();
      await apiKeys.create(key('crm'));
      await assert.rejects(
        apiKeys.create({ ...key('crm', true), hash: hashOf('another key') }),
        (error: unknown) =>
          error instanceof AppError &&
          error.code === 'bad_request' &&
          error.message ===
            'An API key named "crm" already exists: choose another name, or revoke that key first',
      );
      assert.equal(await apiKeys.findByHash(hashOf('another key')), null);
      assert.deepEqual(await apiKeys.findByHash(hashOf('crm')), {
        name: 'crm',
        hash: hashOf('crm'),
        readOnly: false,
      });
    });

    it('finds a key by its hash only', async () => {
      const { apiKeys } = await adapter.open();
      await apiKeys.create(key('crm'));
      await apiKeys.create(key('reader', true));
      assert.deepEqual(await apiKeys.findByHash(hashOf('reader')), {
        name: 'reader',
        hash: hashOf('reader'),
        readOnly: true,
      });
      assert.equal(await apiKeys.findByHash(hashOf('nobody')), null);
      assert.equal(await apiKeys.findByHash(hashOf('crm').toUpperCase()), null);
    });

    it('revokes: the key is gone from lookups and the list, its name free again; unknown names are false', async () => {
      const { apiKeys } = await adapter.open();
      await apiKeys.create(key('crm'));
      await apiKeys.create(key('etl'));
      assert.equal(await apiKeys.revoke('crm'), true);
      assert.equal(await apiKeys.findByHash(hashOf('crm')), null);
      assert.deepEqual(
        (await apiKeys.list()).map((listed) => listed.name),
        ['etl'],
      );
      assert.equal(await apiKeys.revoke('crm'), false);
      assert.equal(await apiKeys.revoke('never-created'), false);
      assert.equal(await apiKeys.revoke('nul\u0000name'), false);
      await apiKeys.create({ ...key('crm'), hash: hashOf('crm, again') });
      assert.equal((await apiKeys.findByHash(hashOf('crm, again')))?.name, 'crm');
    });

    it('markUsed records the latest use, never moves it back, and ignores unknown names', async () => {
      const { apiKeys } = await adapter.open();
      await apiKeys.create(key('crm'));
      await apiKeys.create(key('etl'));
      await apiKeys.markUsed('crm', at(5));
      await apiKeys.markUsed('crm', at(3));
      await apiKeys.markUsed('nobody', at(5));
      const lastUsed = async () => (await apiKeys.list()).map((listed) => listed.lastUsedAt);
      assert.deepEqual(await lastUsed(), [at(5), null]);
      await apiKeys.markUsed('crm', at(61));
      await apiKeys.markUsed('etl', at(1));
      assert.deepEqual(await lastUsed(), [at(61), at(1)]);
    });

    it('two instances on one store: a key created on one opens the other; revoked, from its next read on', async () => {
      const url = await adapter.freshUrl();
      const one = await adapter.open({ url });
      const other = await adapter.open({ url });
      await one.apiKeys.create(key('crm'));
      await nextTurn();
      assert.equal((await other.apiKeys.findByHash(hashOf('crm')))?.name, 'crm');
      assert.equal(await one.apiKeys.revoke('crm'), true);
      // SQLite reads from one snapshot per event-loop turn (src/stores/sqlite/read-snapshot.ts); PostgreSQL at once.
      await nextTurn();
      assert.equal(await other.apiKeys.findByHash(hashOf('crm')), null);
      assert.deepEqual(await other.apiKeys.list(), []);
    });
  });
}

describe('API keys (sqlite): markUsed during an import', () => {
  it('fails at once with store_unavailable rather than stall the event loop for the write lock', async () => {
    const store = await SQLITE.open();
    await store.apiKeys.create(key('crm'));
    const session = await store.beginImport();
    try {
      const started = performance.now();
      await assert.rejects(
        store.apiKeys.markUsed('crm', at(1)),
        (error: unknown) => error instanceof AppError && error.code === 'store_unavailable',
      );
      assert.ok(performance.now() - started < 1000, `markUsed waited ${performance.now() - started} ms`);
    } finally {
      await session.rollback();
    }
    await store.apiKeys.markUsed('crm', at(2));
    assert.deepEqual(
      (await store.apiKeys.list()).map((listed) => listed.lastUsedAt),
      [at(2)],
    );
  });
});
