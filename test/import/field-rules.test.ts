import assert from 'node:assert/strict';
import { test } from 'node:test';
import { echo, kindOf } from '../../src/import/field-rules.ts';

test('echo quotes a value on one line and cuts it near 40 characters', () => {
  assert.equal(echo('12'), '"12"');
  assert.equal(echo('a\nb'), '"a\\nb"');
  const long = echo('x'.repeat(500));
  assert.equal(long, `"${'x'.repeat(39)}…"`);
});

test('echo never splits a character made of two UTF-16 units', () => {
  const cut = JSON.parse(echo('😀'.repeat(100))) as string;
  assert.equal(cut, `${'😀'.repeat(39)}…`);
});

test('kindOf describes a wrong value without dumping it', () => {
  assert.equal(kindOf(null), 'null');
  assert.equal(kindOf([1]), 'an array');
  assert.equal(kindOf({ a: 1 }), 'an object');
  assert.equal(kindOf(5), 'a number (5)');
  assert.equal(kindOf('x'.repeat(100)).length < 60, true);
});
