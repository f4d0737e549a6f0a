// --every's loop and durations, the progress bar of a full copy, and how sync status reads a checkpoint: the parts of
// the sync runtime that need no store (the runs in test/sync/sync-runner.test.ts use real stores).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressBar } from '../../src/cli/progress.ts';
import { checkpointTimes } from '../../src/cli/sync-status.ts';
import type { SyncRun } from '../../src/directory/sync-state-store.ts';
import { SyncStopped } from '../../src/sync/run-control.ts';
import { parseDuration, runEvery, waitAfter } from '../../src/sync/sync-every.ts';

const RUN: SyncRun = {
  written: 1,
  deleted: 0,
  skipped: 0,
  errors: null,
  startedAt: new Date(),
  finishedAt: new Date(),
};

describe('sync --every', () => {
  it('takes 30s, 5m, 1h and refuses anything else', () => {
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    for (const bad of ['', '0s', '5', '5 m', '1.5h', '-1m', '5d', '999999h', 'soon'])
      assert.equal(parseDuration(bad), null, bad);
  });

  it('waits the interval after a good run and doubles it while runs keep failing, up to an hour', () => {
    assert.equal(waitAfter(60_000, 0), 60_000);
    assert.equal(waitAfter(60_000, 1), 60_000);
    assert.equal(waitAfter(60_000, 2), 120_000);
    assert.equal(waitAfter(60_000, 3), 240_000);
    assert.equal(waitAfter(60_000, 20), 3_600_000);
    assert.equal(waitAfter(7_200_000, 5), 7_200_000);
  });

  it('tries again after a failure, forgets the failures after a good run, and ends when a run is stopped', async () => {
    const outcomes: string[] = [];
    const script: (() => SyncRun)[] = [
      () => {
        throw new Error('HubSpot answered 500 after 6 attempts');
      },
      () => {
        throw new Error('HubSpot answered 500 after 6 attempts');
      },
      () => RUN,
      () => {
        throw new SyncStopped('SIGTERM');
      },
    ];
    await runEvery(1, async () => (script.shift() as () => SyncRun)(), new AbortController().signal, {
      ran: (outcome) =>
        outcomes.push(
          'run' in outcome
            ? 'run'
            : 'busy' in outcome
              ? 'busy'
              : `failed ${outcome.failures} ${outcome.waitMs}`,
        ),
    });
    assert.deepEqual(outcomes, ['failed 1 1', 'failed 2 2', 'run']);
    assert.equal(script.length, 0);
  });

  it('stops while it waits when the signal is aborted', async () => {
    const stop = new AbortController();
    let runs = 0;
    await runEvery(
      3_600_000,
      async () => {
        runs++;
        setImmediate(() => stop.abort('SIGTERM'));
        return RUN;
      },
      stop.signal,
      { ran: () => {} },
    );
    assert.equal(runs, 1);
  });
});

describe('the progress bar of a full copy', () => {
  it('draws contacts read and a percentage of the total on a terminal, and nothing elsewhere', () => {
    const drawn: string[] = [];
    const bar = progressBar({ isTTY: true, write: (text: string) => drawn.push(text) > 0 }, 'contacts');
    bar.update(1500, 3000, 1500, true);
    bar.update(3000, 3000, 3000, true);
    bar.done();
    assert.deepEqual(drawn, [
      `\r[${'#'.repeat(15)}${'-'.repeat(15)}] 50% 1,500 contacts`,
      `\r[${'#'.repeat(30)}] 100% 3,000 contacts`,
      '\n',
    ]);
    const piped: string[] = [];
    const silent = progressBar({ isTTY: false, write: (text: string) => piped.push(text) > 0 }, 'contacts');
    silent.update(1, 2, 1, true);
    silent.done();
    assert.deepEqual(piped, []);
  });
});

describe('sync status', () => {
  it("shows a checkpoint's times by name and leaves other checkpoints as they are", () => {
    assert.deepEqual(checkpointTimes('{"modified":1764651535000,"archived":null}'), {
      modified: '2025-12-02T04:58:55.000Z',
      archived: null,
    });
    assert.deepEqual(checkpointTimes('{"since":"2026-12-02T04:58:55.000Z","cursor":"abc"}'), {
      since: '2026-12-02T04:58:55.000Z',
    });
    assert.equal(checkpointTimes('not json'), null);
    assert.equal(checkpointTimes(null), null);
  });
});
