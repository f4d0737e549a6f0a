// What `frontline serve` does with the metrics: none while METRICS_PORT is unset; otherwise a registry that reads
// the store's pool at each scrape, and its own listener once the app is listening.
import type { Config } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { serviceVersion } from '../version.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { type MetricsServer, startMetricsServer } from './metrics-server.ts';

export interface ServiceMetrics {
  metrics: Metrics | undefined;
  /** Opens the listener (when on) and returns its URL; the app is already listening. */
  listen(): Promise<string | undefined>;
  close(): Promise<void>;
}

export function serviceMetrics(config: Readonly<Config>, store: CustomerStore): ServiceMetrics {
  const settings = config.metrics;
  if (settings === undefined)
    return { metrics: undefined, listen: async () => undefined, close: async () => {} };
  const metrics = createMetrics({
    version: serviceVersion(),
    ...(store.poolCounts === undefined ? {} : { poolCounts: () => store.poolCounts?.() ?? ZERO }),
  });
  let server: MetricsServer | undefined;
  return {
    metrics,
    async listen() {
      server = await startMetricsServer(metrics, settings);
      return `${server.url}/metrics`;
    },
    close: async () => server?.close(),
  };
}

const ZERO = { total: 0, idle: 0, waiting: 0 };
