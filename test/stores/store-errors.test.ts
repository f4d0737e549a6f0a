// Each store maps its own driver's "cannot answer now" failures to store_unavailable (the HTTP layer knows no SQL),
// and leaves every other error as it is, so a bug still ends as a 500.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/errors.ts';
import { storeError as postgresError } from '../../src/stores/postgres/store-errors.ts';
import { storeError as sqliteError } from '../../src/stores/sqlite/store-errors.ts';

const failure = (code: string, message = 'driver failure') => Object.assign(new Error(message), { code });

describe('store errors', () => {
  it('SQLite: busy, locked, I/O, cannot open and full are store_unavailable, with the cause kept', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_LOCKED',
      'SQLITE_IOERR_READ',
      'SQLITE_CANTOPEN',
      'SQLITE_FULL',
    ]) {
      const original = failure(code);
      const mapped = sqliteError(original);
      assert.ok(mapped instanceof AppError, code);
      assert.equal(mapped.code, 'store_unavailable');
      assert.equal(mapped.cause, original);
    }
    for (const other of [
      failure('SQLITE_ERROR'),
      failure('SQLITE_CONSTRAINT_UNIQUE'),
      new TypeError('bug'),
    ]) {
      assert.equal(sqliteError(other), other);
    }
  });

  it('PostgreSQL: connection, resource and shutdown failures are store_unavailable; a syntax error is not', () => {
    for (const code of ['08006', '53300', '57P01', '57014', 'ECONNREFUSED']) {
      const mapped = postgresError(failure(code));
      assert.ok(mapped instanceof AppError && mapped.code === 'store_unavailable', code);
    }
    assert.ok(
      (postgresError(new Error('Connection terminated unexpectedly')) as AppError).code ===
        'store_unavailable',
    );
    const syntax = failure('42601');
    assert.equal(postgresError(syntax), syntax);
  });
});
