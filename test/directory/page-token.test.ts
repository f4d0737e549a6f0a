import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageTokens } from '../../src/directory/page-token.ts';

const position = { tier: 1 as const, name: 'zoë martin', customerId: 'a1' };

describe('page tokens', () => {
  const tokens = pageTokens('secret-one');

  test('round-trip under the same binding, from another instance with the same secret', () => {
    const token = tokens.seal(position, 'w:alice');
    assert.deepEqual(tokens.open(token, 'w:alice'), position);
    assert.deepEqual(pageTokens('secret-one').open(token, 'w:alice'), position);
  });

  test('two seals of the same position differ (nothing to correlate)', () => {
    assert.notEqual(tokens.seal(position, 'w:alice'), tokens.seal(position, 'w:alice'));
  });

  test('refused under another binding or another secret', () => {
    const token = tokens.seal(position, 'w:alice');
    assert.throws(() => tokens.open(token, 'w:bob'), { code: 'invalid_page_token' });
    assert.throws(() => pageTokens('secret-two').open(token, 'w:alice'), { code: 'invalid_page_token' });
  });

  test('every single-character change is refused', () => {
    const token = tokens.seal(position, 'b');
    for (let i = 0; i < token.length; i += 1) {
      const changed = token.slice(0, i) + (token[i] === 'x' ? 'y' : 'x') + token.slice(i + 1);
      assert.throws(() => tokens.open(changed, 'b'), { code: 'invalid_page_token' }, `position ${i}`);
    }
  });
});
