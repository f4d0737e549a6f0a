// A key's shape, its hash, the constant-time comparison of hashes, and the rule for names; createApiKey on a real
// store (each of test/support/stores.ts) keeps the hash and never the key.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  checkApiKeyName,
  createApiKey,
  hashApiKey,
  isApiKeyShape,
  sameHash,
} from '../../src/api/api-keys.ts';
import { AppError } from '../../src/errors.ts';
import { STORES } from '../support/stores.ts';

describe('API keys', () => {
  it('hashes a key with SHA-256, as lowercase hex', () => {
    const key = `fl_${'A'.repeat(43)}`;
    assert.equal(hashApiKey(key), createHash('sha256').update(key).digest('hex'));
    assert.match(hashApiKey(key), /^[0-9a-f]{64}$/);
  });

  it('compares hashes in constant time: equal, a difference anywhere, other lengths, never a throw', () => {
    const hash = hashApiKey('fl_one');
    assert.equal(sameHash(hash, hash), true);
    assert.equal(
      sameHash(hash, hash.toUpperCase()),
      true,
      'hex digits, whatever their case, are the same bytes',
    );
    for (const at of [0, 31, 63]) {
      const flipped = `${hash.slice(0, at)}${hash[at] === '0' ? '1' : '0'}${hash.slice(at + 1)}`;
      assert.equal(sameHash(hash, flipped), false, `a difference at digit ${at}`);
    }
    // timingSafeEqual throws on buffers of different lengths: sameHash answers false instead.
    assert.equal(sameHash(hash, hash.slice(0, 62)), false);
    assert.equal(sameHash(hash, ''), false);
    assert.equal(sameHash(hash, 'not hex at all'), false);
  });

  it('knows its own keys by shape: fl_ and 43 base64url characters', () => {
    assert.equal(isApiKeyShape(`fl_${'a-_Z9'.repeat(8)}abc`), true);
    assert.equal(isApiKeyShape(`fl_${'a'.repeat(42)}`), false);
    assert.equal(isApiKeyShape(`fl_${'a'.repeat(44)}`), false);
    assert.equal(isApiKeyShape(`xx_${'a'.repeat(43)}`), false);
    assert.equal(isApiKeyShape(`fl_${'a'.repeat(42)}=`), false);
    assert.equal(isApiKeyShape(`fl_${'a'.repeat(42)}+`), false);
  });

  it('takes names of 1 to 64 of A-Z a-z 0-9 . _ - and refuses others saying what a name may be', () => {
    for (const name of ['a', 'crm.hubspot', 'ETL_nightly-2', 'x'.repeat(64)]) checkApiKeyName(name);
    for (const name of ['', 'x'.repeat(65), 'has space', 'ünïcode', 'semi;colon', 'new\nline', 'nul\u0000']) {
      assert.throws(
        () => checkApiKeyName(name),
        (error: unknown) =>
          error instanceof AppError &&
          error.code === 'bad_request' &&
          error.message.startsWith(
            `An API key's name is 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" and "-", not "`,
          ),
        JSON.stringify(name),
      );
    }
  });
});

for (const adapter of STORES) {
  describe(`createApiKey (${adapter.name})`, () => {
    it('makes a new random key each time and stores only its hash', async () => {
      const store = await adapter.open();
      const now = new Date('2026-12-01T10:00:00.000Z');
      const first = await createApiKey(store.apiKeys, { name: 'crm', readOnly: false, now });
      const second = await createApiKey(store.apiKeys, { name: 'reader', readOnly: true, now });
      assert.equal(isApiKeyShape(first.key), true);
      assert.notEqual(first.key, second.key);
      assert.deepEqual(await store.apiKeys.findByHash(hashApiKey(first.key)), {
        name: 'crm',
        hash: hashApiKey(first.key),
        readOnly: false,
      });
      assert.equal((await store.apiKeys.findByHash(hashApiKey(second.key)))?.readOnly, true);
      assert.deepEqual(await store.apiKeys.list(), [
        { name: 'crm', readOnly: false, createdAt: now, lastUsedAt: null },
        { name: 'reader', readOnly: true, createdAt: now, lastUsedAt: null },
      ]);
    });

    it('refuses a bad name before it writes anything', async () => {
      const store = await adapter.open();
      await assert.rejects(createApiKey(store.apiKeys, { name: 'bad name', readOnly: false }), AppError);
      assert.deepEqual(await store.apiKeys.list(), []);
    });
  });
}
