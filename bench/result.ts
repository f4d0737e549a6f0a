// The shape of a bench run's results (written as JSON, printed as tables) and how they are held to the targets.
import type { Book } from './book.ts';
import type { LoadResult } from './load.ts';
import type { Machine } from './machine.ts';
import type { BenchOptions } from './options.ts';
import { GROWTH_TARGET, type Kind, TARGETS } from './scenarios.ts';
import type { WriteResult } from './writes.ts';

export interface Memory {
  rss: number;
  peak: number;
}

export interface ServerRun {
  customers: number;
  workers: number;
  visibility: 'assigned' | 'all';
  /** Right after start, with the book opened but nothing asked yet. */
  idle: Memory;
  /** After every scenario of this server. */
  afterLoad: Memory;
}

export interface ScenarioResult extends LoadResult {
  id: string;
  title: string;
  kind: Kind;
  customers: number;
  workers: number;
  visibility: 'assigned' | 'all';
  /** Distinct signed requests the load cycled through. */
  poolSize: number;
  /** Mean size of an answer and customers in it, from requests sent before the load. */
  responseBytes: number;
  customersPerResponse: number;
  /** requests/s over the baseline's; filled in at the end. */
  ratio: number;
  met: boolean | null;
}

export interface GrowthResult {
  id: string;
  title: string;
  requestsPerSecond: Record<string, number>;
  /** Largest book over smallest. */
  ratio: number;
  met: boolean;
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  options: Omit<BenchOptions, 'postgresUrl' | 'out'>;
  store: 'sqlite' | 'postgres';
  machine: Machine;
  /** The bare server, measured in every round like the scenarios; `rounds` holds its requests/s in each. */
  baseline: LoadResult & { responseBytes: number };
  /**
   * Fastify and its form parser answering the same fixed page (floor-server.ts), measured like the baseline: what
   * the framework alone costs. A reference, with no target.
   */
  floor: LoadResult & { responseBytes: number };
  books: Book[];
  servers: ServerRun[];
  scenarios: ScenarioResult[];
  /** Re-imports of a fully changed book and single-record writes, per book size (bench/writes.ts). */
  writes: WriteResult[];
  growth: GrowthResult[];
  /** Every target missed, one line each; empty when all were met. */
  missed: string[];
}

/** Fills in ratios and verdicts. Targets apply to the main book only; smaller books feed the growth ratios. */
export function evaluate(result: Omit<BenchResult, 'growth' | 'missed'>, mainSize: number): BenchResult {
  const baseline = result.baseline.requestsPerSecond;
  const missed: string[] = [];
  const scenarios = result.scenarios.map((scenario) => {
    const ratio = baseline > 0 ? scenario.requestsPerSecond / baseline : 0;
    if (scenario.customers !== mainSize) return { ...scenario, ratio, met: null };
    const target = TARGETS[scenario.kind];
    const why: string[] = [];
    if (target.minRatio !== null && ratio < target.minRatio)
      why.push(`${pct(ratio)} of baseline < ${pct(target.minRatio)}`);
    if (scenario.p99 >= target.maxP99Ms)
      why.push(`p99 ${scenario.p99.toFixed(1)} ms >= ${target.maxP99Ms} ms`);
    for (const reason of why) missed.push(`${scenario.title}: ${reason}`);
    return { ...scenario, ratio, met: why.length === 0 };
  });
  const growth = growthOf(scenarios, mainSize);
  for (const each of growth)
    if (!each.met)
      missed.push(`${each.title}: largest/smallest book ${pct(each.ratio)} < ${pct(GROWTH_TARGET)}`);
  return { ...result, scenarios, growth, missed };
}

function growthOf(scenarios: ScenarioResult[], mainSize: number): GrowthResult[] {
  const ids = [...new Set(scenarios.filter((s) => s.customers !== mainSize).map((s) => s.id))];
  return ids.flatMap((id) => {
    const runs = scenarios.filter((s) => s.id === id).sort((a, b) => a.customers - b.customers);
    const smallest = runs[0];
    const largest = runs.at(-1);
    if (smallest === undefined || largest === undefined || largest.customers !== mainSize) return [];
    const ratio = smallest.requestsPerSecond > 0 ? largest.requestsPerSecond / smallest.requestsPerSecond : 0;
    return [
      {
        id,
        title: largest.title,
        requestsPerSecond: Object.fromEntries(runs.map((s) => [String(s.customers), s.requestsPerSecond])),
        ratio,
        met: ratio >= GROWTH_TARGET,
      },
    ];
  });
}

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}
