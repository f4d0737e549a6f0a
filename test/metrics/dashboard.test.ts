// docs/grafana-dashboard.json and the alert rules of docs/operations.md use only metric names the service exports:
// a renamed metric fails here rather than leaving an empty panel or an alert that never fires.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createMetrics } from '../../src/metrics/metrics.ts';

const docs = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

/** Every series name the service exports, with a histogram's _bucket, _sum and _count. */
async function exported(): Promise<Set<string>> {
  const metrics = createMetrics({ version: 'test', poolCounts: () => ({ total: 1, idle: 1, waiting: 0 }) });
  const names = new Set<string>();
  for (const { name, type } of await metrics.registry.getMetricsAsJSON()) {
    names.add(name);
    if (String(type) === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** The metric names a PromQL expression uses (identifiers of our own or prom-client's default metrics). */
const namesIn = (expr: string) => expr.match(/\b(?:frontline|nodejs|process)_[a-z0-9_]+\b/g) ?? [];

describe('the Grafana dashboard and the alert rules', () => {
  test('the dashboard parses and every panel queries metrics the service exports', async () => {
    const names = await exported();
    const dashboard = JSON.parse(docs('grafana-dashboard.json')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    assert.ok(dashboard.panels.length > 0);
    for (const panel of dashboard.panels) {
      assert.ok(panel.targets.length > 0, panel.title);
      for (const { expr } of panel.targets) {
        assert.ok(namesIn(expr).length > 0, expr);
        for (const name of namesIn(expr)) assert.ok(names.has(name), `${panel.title}: ${name}`);
      }
    }
  });

  test('the example alerts in docs/operations.md use metrics the service exports', async () => {
    const names = await exported();
    const rules = docs('operations.md').match(/```yaml\n([\s\S]*?)```/)?.[1] ?? '';
    const used = namesIn(rules);
    assert.ok(used.length >= 5, rules);
    for (const name of used) assert.ok(names.has(name), name);
  });
});
