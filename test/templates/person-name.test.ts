import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nameParts } from '../../src/templates/person-name.ts';

describe('nameParts: the first and last name of a display name', () => {
  const cases: [string, { first?: string; last?: string }][] = [
    ['Zoë  de Martin', { first: 'Zoë', last: 'Martin' }],
    ['Madonna', { first: 'Madonna' }],
    ['Dr. Anna Müller', { first: 'Anna', last: 'Müller' }],
    ['Prof. Dr. Anna Müller', { first: 'Anna', last: 'Müller' }],
    ['dr anna müller', { first: 'anna', last: 'müller' }],
    ['Dr. Müller', { last: 'Müller' }],
    ['Müller, Anna', { first: 'Anna', last: 'Müller' }],
    ['van der Berg, Dr. Jan Peter', { first: 'Jan', last: 'van der Berg' }],
    ['Müller,', { last: 'Müller' }],
    ['Acme GmbH', {}],
    ['Acme, Inc.', {}],
    ['Müller & Söhne', {}],
    ['Industrias S.A.', {}],
    ['Dr.', {}],
  ];
  for (const [displayName, expected] of cases) {
    test(`${JSON.stringify(displayName)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(nameParts(displayName), expected);
    });
  }
});
