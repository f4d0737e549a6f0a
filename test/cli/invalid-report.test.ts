import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { invalidReport } from '../../src/cli/invalid-report.ts';

function reportOf(count: number, max: number): string[] {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => {
    text += chunk;
  });
  const report = invalidReport('book.csv', max, out);
  for (let line = 2; line < count + 2; line++)
    report.onInvalid(line, 'column sms: "555-01" is not a phone number');
  report.finish();
  return text.split('\n').slice(0, -1);
}

test('shows the first records, then how many more and the total, in grouped digits', () => {
  const lines = reportOf(12_445, 100);
  assert.equal(lines.length, 101);
  assert.equal(lines[0], 'book.csv:2: column sms: "555-01" is not a phone number');
  assert.equal(lines[99], 'book.csv:101: column sms: "555-01" is not a phone number');
  assert.equal(lines[100], '... and 12,345 more invalid records (12,445 in all)');
});

test('one record over says "record"; none over, or no cap, adds no count line', () => {
  assert.equal(reportOf(3, 2).at(-1), '... and 1 more invalid record (3 in all)');
  assert.equal(reportOf(2, 2).length, 2);
  assert.equal(reportOf(0, 2).length, 0);
  assert.equal(reportOf(250, 0).length, 250);
});
