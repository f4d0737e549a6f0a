// Every measurement of a run, taken in turns: each scenario's measured time is cut into `rounds` slices, and each
// round measures every scenario (and the baseline) once, alternating the order. The VM this runs on is shared:
// minutes-long busy and quiet spells moved sequential measurements by up to a factor of two (docs/benchmarks.md).
// In turns, every scenario and the baseline see the same spells, so their ratios hold even when absolute numbers
// move.
import type { ServerProcess } from './child.ts';
import { combine, describeLoad, measureSlice, type Slice } from './load.ts';
import type { SignedRequest } from './requests.ts';

export interface Unit {
  label: string;
  url: string;
  pool: SignedRequest[];
  server: Pick<ServerProcess, 'cpuSeconds' | 'stderrTail'>;
  slices: Slice[];
}

export interface InterleaveOptions {
  connections: number;
  /** Seconds measured per unit, over all rounds. */
  duration: number;
  /** Seconds of warm-up before a unit's first slice. */
  warmup: number;
  rounds: number;
}

/** Before each later slice: enough to reopen connections and refill caches another unit evicted. */
const REWARM_SECONDS = 0.5;

export async function interleave(
  units: Unit[],
  options: InterleaveOptions,
  log: (line: string) => void,
): Promise<void> {
  const slice = options.duration / options.rounds;
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? units : [...units].reverse();
    for (const unit of order) {
      const warmup = unit.slices.length === 0 ? options.warmup : Math.min(options.warmup, REWARM_SECONDS);
      const measured = await measureSlice(
        unit.url,
        unit.pool,
        { connections: options.connections, duration: slice, warmup },
        unit.server.cpuSeconds,
      ).catch((error: Error) => {
        throw new Error(`${unit.label}: ${error.message}\n${unit.server.stderrTail()}`);
      });
      unit.slices.push(measured);
    }
    log(`round ${round + 1} of ${options.rounds} done`);
  }
  for (const unit of units) log(`${unit.label}: ${describeLoad(combine(unit.slices))}`);
}
