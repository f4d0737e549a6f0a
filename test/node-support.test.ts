// The one-line notice serve, sync and import print at start on a Node past its end of life.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endOfLifeNotice } from '../src/node-support.ts';
import { runCli } from './support/run-cli.ts';

describe('Node end-of-life notice', () => {
  it('names the release and its end of life once that day has come, and nothing before or on a newer Node', () => {
    assert.equal(
      endOfLifeNotice('v20.20.2', new Date('2026-12-02T05:00:00Z')),
      'Notice: Node 20.20.2 reached its end of life on 2026-04-30 and gets no more security fixes: ' +
        'move to Node 22 or 24 (this service runs on both)',
    );
    assert.equal(endOfLifeNotice('20.20.2', new Date('2026-04-29T23:59:59Z')), null);
    assert.equal(endOfLifeNotice('22.23.3', new Date('2026-12-02T05:00:00Z')), null);
    assert.equal(endOfLifeNotice('24.0.0', new Date('2026-12-02T05:00:00Z')), null);
    assert.equal(endOfLifeNotice('99.0.0', new Date('2026-12-02T05:00:00Z')), null);
  });

  it('is the first line a command that starts work prints on this Node, unless NODE_EOL_NOTICE=false', async () => {
    const expected = endOfLifeNotice(process.versions.node, new Date());
    const on = await runCli(['sync', 'hubspot'], { NODE_EOL_NOTICE: 'true' });
    assert.equal(on.code, 2);
    const lines = on.stderr.trim().split('\n');
    assert.equal(lines.length, expected === null ? 1 : 2, on.stderr);
    if (expected !== null) assert.equal(lines[0], expected);
    const off = await runCli(['sync', 'hubspot'], { NODE_EOL_NOTICE: 'false' });
    assert.equal(off.stderr.trim().split('\n').length, 1, off.stderr);
    const bad = await runCli(['sync', 'hubspot'], { NODE_EOL_NOTICE: 'maybe' });
    assert.equal(
      bad.stderr,
      'frontline sync: configuration: NODE_EOL_NOTICE must be true or false (got "maybe")\n',
    );
  });
});
