// The cost table: the server's CPU time a request for every scenario of the main book, beside the bare node:http
// baseline and the Fastify floor measured in the same rounds. CPU a request moves far less with the machine's other
// load than requests/s does, and "beyond the floor" is what the service's own code costs on top of the framework.
import { REFERENCE_LABELS } from './baseline.ts';
import type { LoadResult } from './load.ts';
import type { BenchResult } from './result.ts';

export interface CostRow {
  title: string;
  /** Server CPU time (user + system) per request, µs; null when it was not measured. */
  micros: number | null;
  /** Micros beyond the floor's. */
  beyondFloor: number | null;
  /** Micros over the baseline's: how many bare requests one of these costs. */
  timesBare: number | null;
}

const microsOf = (load: LoadResult) =>
  load.serverCpuMsPerRequest === null ? null : load.serverCpuMsPerRequest * 1000;

export function costRows(result: BenchResult): CostRow[] {
  const bare = microsOf(result.baseline);
  const floor = microsOf(result.floor);
  const row = (title: string, load: LoadResult): CostRow => {
    const micros = microsOf(load);
    return {
      title,
      micros,
      beyondFloor: micros === null || floor === null ? null : micros - floor,
      timesBare: micros === null || bare === null || bare === 0 ? null : micros / bare,
    };
  };
  return [
    row(REFERENCE_LABELS.baseline, result.baseline),
    row(REFERENCE_LABELS.floor, result.floor),
    ...result.scenarios
      .filter((scenario) => scenario.customers === result.options.customers)
      .map((scenario) => row(scenario.title, scenario)),
  ];
}

const fixed = (n: number | null, digits = 0) => (n === null ? '' : n.toFixed(digits));

/** The table's header and rows as text cells, for report.ts's table(). */
export function costCells(result: BenchResult): { header: string[]; rows: string[][] } {
  return {
    header: [
      `CPU a request, ${result.options.customers.toLocaleString('en-US')} customers`,
      'µs',
      'beyond floor µs',
      '× bare',
    ],
    rows: costRows(result).map((row) => [
      row.title,
      fixed(row.micros),
      fixed(row.beyondFloor),
      fixed(row.timesBare, 1),
    ]),
  };
}
