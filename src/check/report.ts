// A run's report: a table for a person (one row per check, readable without colour) or JSON for a script.
import type { CheckReport } from './run-checks.ts';

export function exitCodeOf(report: CheckReport): number {
  return report.checks.some((check) => check.outcome === 'fail') ? 1 : 0;
}

export function summaryOf(report: CheckReport): string {
  const count = (outcome: string) => report.checks.filter((check) => check.outcome === outcome).length;
  const slowest =
    report.slowest === undefined ? '' : `; slowest ${report.slowest.ms} ms (${report.slowest.label})`;
  return (
    `${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail: ${report.requests} requests in ` +
    `${(report.durationMs / 1000).toFixed(1)} s${slowest}`
  );
}

export function tableOf(report: CheckReport): string {
  const width = Math.max(5, ...report.checks.map((check) => check.name.length));
  const rows = report.checks.map(
    (check) => `${check.name.padEnd(width)}  ${check.outcome.toUpperCase().padEnd(6)}  ${check.saw}`,
  );
  return [
    `frontline check ${report.crmUrl} as ${report.workers.join(', ')}`,
    '',
    `${'check'.padEnd(width)}  result  what it saw`,
    ...rows,
    '',
    summaryOf(report),
    '',
  ].join('\n');
}

export function jsonOf(report: CheckReport): string {
  const { checks, ...run } = report;
  return `${JSON.stringify({ ...run, durationMs: Math.round(run.durationMs), exitCode: exitCodeOf(report), checks }, null, 2)}\n`;
}
