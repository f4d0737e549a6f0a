// Key ranges in byte order (src/stores/key-range.ts), which both stores' prefix pages are bounded by.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareBytes, prefixUpperBound } from '../../src/stores/key-range.ts';

describe('key ranges', () => {
  it('bounds a prefix range exactly, in code point order', () => {
    assert.equal(prefixUpperBound('abc'), 'abd');
    assert.equal(prefixUpperBound('a\u{10FFFF}'), 'b');
    assert.equal(prefixUpperBound('a\uD7FF'), 'a\uE000');
    assert.equal(prefixUpperBound('\u{1F600}'), '\u{1F601}');
    assert.equal(prefixUpperBound('\u{10FFFF}'), null);
    assert.equal(prefixUpperBound(''), null);
  });

  it('compares keys byte-wise (UTF-8), not by UTF-16 code unit', () => {
    assert.ok(compareBytes('\uFF61', '\u{1F600}') < 0);
    assert.ok('\uFF61' > '\u{1F600}');
    assert.equal(compareBytes('abc', 'abc'), 0);
    assert.ok(compareBytes('ab', 'abc') < 0);
  });
});
