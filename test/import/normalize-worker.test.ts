import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeWorker } from '../../src/import/normalize-worker.ts';

describe('normalizeWorker', () => {
  test('keeps the identity as given, names on one line, and leaves empty or null names out', () => {
    assert.deepEqual(
      normalizeWorker({
        identity: '  Alice@Example.com ',
        display_name: ' Alice\n  Smith ',
        first_name: 'Alice',
        last_name: null,
      }),
      {
        ok: true,
        profile: { identity: 'Alice@Example.com', display_name: 'Alice Smith', first_name: 'Alice' },
      },
    );
    assert.deepEqual(normalizeWorker({ identity: 'bob', last_name: 'Jones', first_name: '' }), {
      ok: true,
      profile: { identity: 'bob', last_name: 'Jones' },
    });
  });

  const invalid: [string, unknown, RegExp][] = [
    ['no identity', { display_name: 'X' }, /^identity: missing$/],
    ['an empty identity', { identity: ' ', display_name: 'X' }, /^identity: empty$/],
    [
      'an identity over 256 characters',
      { identity: 'a'.repeat(257), first_name: 'A' },
      /^identity: 257 characters/,
    ],
    ['no name at all', { identity: 'alice' }, /^no display_name, first_name or last_name/],
    [
      'a name over 100 characters',
      { identity: 'alice', first_name: 'x'.repeat(101) },
      /^first_name: 101 characters/,
    ],
    [
      'a control character',
      { identity: 'alice', display_name: 'A\u0007' },
      /^display_name: .*control character/,
    ],
    [
      'a name that is no string',
      { identity: 'alice', last_name: 7 },
      /^last_name: expected a string, got a number/,
    ],
    ['an unknown field', { identity: 'alice', first_name: 'A', nickname: 'Al' }, /^unknown field "nickname"/],
    ['a misspelt field', { identity: 'alice', 'First Name': 'A' }, /did you mean first_name\?/],
  ];
  for (const [what, raw, reason] of invalid) {
    test(`refuses ${what}`, () => {
      const result = normalizeWorker(raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});
