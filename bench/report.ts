// The results as plain-text tables (stdout) and as JSON (a file), the same numbers in both.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { REFERENCE_LABELS } from './baseline.ts';
import { costCells } from './cost-table.ts';
import type { LoadResult } from './load.ts';
import { type BenchResult, pct, type ScenarioResult } from './result.ts';
import { TARGETS } from './scenarios.ts';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const spread = (values: number[]) =>
  values.length === 0 ? '' : `${int(Math.min(...values))}–${int(Math.max(...values))}`;
const cpu = (msPerRequest: number | null) => (msPerRequest === null ? '' : msPerRequest.toFixed(3));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  // Text columns left, numbers right, as a reader scans them.
  const line = (row: string[]) =>
    row
      .map((cell, i) =>
        /^[\d,.%x×-]+$|^\d.* (s|MiB)$/.test(cell)
          ? cell.padStart(widths[i] ?? 0)
          : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function targetOf(scenario: ScenarioResult): string {
  if (scenario.met === null) return '';
  const target = TARGETS[scenario.kind];
  const ratio = target.minRatio === null ? '' : `>=${pct(target.minRatio)}, `;
  return `${ratio}p99<${target.maxP99Ms} ms  ${scenario.met ? 'met' : 'MISSED'}`;
}

/** A row of the load table: the references' and the scenarios' alike. */
function loadRow(
  title: string,
  customers: string,
  load: LoadResult,
  ratio: string,
  bytes: number,
  target: string,
): string[] {
  return [
    title,
    customers,
    int(load.requestsPerSecond),
    ms(load.p50),
    ms(load.p99),
    ratio,
    cpu(load.serverCpuMsPerRequest),
    int(bytes),
    target,
  ];
}

export function formatReport(result: BenchResult): string {
  const { baseline, floor } = result;
  const loadRows = [
    loadRow(REFERENCE_LABELS.baseline, '', baseline, '', baseline.responseBytes, ''),
    loadRow(
      REFERENCE_LABELS.floor,
      '',
      floor,
      pct(floor.requestsPerSecond / baseline.requestsPerSecond),
      floor.responseBytes,
      '',
    ),
    ...result.scenarios.map((s) =>
      loadRow(s.title, int(s.customers), s, pct(s.ratio), s.responseBytes, targetOf(s)),
    ),
  ];
  const noisy = [baseline, floor, ...result.scenarios].filter((r) => r.otherCpus > 0.25).length;
  const sections = [
    table(
      ['scenario', 'customers', 'req/s', 'p50 ms', 'p99 ms', 'vs base', 'CPU ms', 'bytes', 'target'],
      loadRows,
    ),
  ];
  const cost = costCells(result);
  sections.push(table(cost.header, cost.rows));
  if (result.growth.length > 0) {
    const sizes = Object.keys(result.growth[0]?.requestsPerSecond ?? {});
    const rows = result.growth.map((g) => [
      g.title,
      ...sizes.map((size) => int(g.requestsPerSecond[size] ?? 0)),
      pct(g.ratio),
      g.met ? 'met' : 'MISSED',
    ]);
    sections.push(
      table(['req/s by book size', ...sizes.map((s) => int(Number(s))), 'largest/smallest', '>=80%'], rows),
    );
  }
  sections.push(
    table(
      ['book', 'workers', 'demo-data', 'import', 'size'],
      result.books.map((b) => [
        `${int(b.customers)} customers${b.reused ? ' (reused)' : ''}`,
        int(b.workers),
        `${b.generateSeconds.toFixed(1)} s`,
        `${b.importSeconds.toFixed(1)} s`,
        b.fileBytes === null ? '' : mib(b.fileBytes),
      ]),
    ),
    ...(result.writes.length === 0
      ? []
      : [
          table(
            [
              'writes',
              're-import, all changed',
              'and back',
              'µs/record',
              'single writes/s',
              'CPU ms/write',
              'POST /imports records/s',
            ],
            result.writes.map((w) => [
              `${int(w.customers)} customers`,
              `${w.reimportSeconds.toFixed(1)} s`,
              `${w.restoreSeconds.toFixed(1)} s`,
              int(w.microsPerRecord),
              int(w.singleWrites.perSecond),
              w.singleWrites.cpuMsPerWrite.toFixed(2),
              int(w.apiImport.recordsPerSecond),
            ]),
          ),
          table(
            [
              'directory API',
              'PUTs/s, one at a time',
              'server CPU ms/PUT',
              'PUT p99',
              'list p99 alone',
              'list p99 beside PUTs',
              'PUTs/s beside',
            ],
            result.writes.map((w) => [
              `${int(w.customers)} customers`,
              int(w.api.puts.perSecond),
              w.api.puts.serverCpuMsPerWrite.toFixed(2),
              `${w.api.puts.p99Ms.toFixed(1)} ms`,
              `${w.api.list.alone.p99.toFixed(1)} ms`,
              `${w.api.list.withWrites.p99.toFixed(1)} ms`,
              int(w.api.list.withWrites.writesPerSecond),
            ]),
          ),
        ]),
    table(
      ['server', 'RSS idle', 'RSS after load', 'peak RSS'],
      result.servers.map((s) => [
        `${int(s.customers)} customers, ${s.visibility}`,
        mib(s.idle.rss),
        mib(s.afterLoad.rss),
        mib(s.afterLoad.peak),
      ]),
    ),
  );
  const { machine } = result;
  sections.push(
    `${machine.cpus} CPUs (${machine.cpuModel}), ${mib(machine.memoryBytes)}, Node ${machine.node}, ` +
      `${result.store}; load average ${machine.loadAverage.start.toFixed(2)} at start, ` +
      `${(machine.loadAverage.end ?? 0).toFixed(2)} at end. CPU ms: the server's CPU time per request. ` +
      `Measured in ${result.options.rounds} rounds; the baseline did ${spread(baseline.rounds)} req/s from one ` +
      'round to the next.' +
      (noisy > 0
        ? ` Other work kept a quarter of a CPU or more busy during ${noisy} of the measurements.`
        : ''),
    result.missed.length === 0
      ? 'Every target met.'
      : `Missed:\n${result.missed.map((m) => `  - ${m}`).join('\n')}`,
  );
  return `${sections.join('\n\n')}\n`;
}

export function writeJson(path: string, result: BenchResult): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}
