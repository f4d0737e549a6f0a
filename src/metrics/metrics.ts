// The service's Prometheus metrics, on a registry of their own (prom-client): one per app, so that tests may build
// several apps in one process, and so that nothing is counted while metrics are off. Per request it costs a few Map
// lookups (label sets are cached, never rebuilt) and prom-client's increment and observation.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolCounts } from '../directory/customer-store.ts';

/** Seconds: from well under Frontline's usual answer to past its 6 s (5 s for the Conversations webhook) budget. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsOptions {
  /** The store's pool, read at each scrape (PostgreSQL); the pool gauges are not exported without one. */
  poolCounts?: () => PoolCounts;
  version: string;
}

export type SignatureFailure = 'missing' | 'mismatch';

export interface Metrics {
  readonly registry: Registry;
  /** One answered request: its route pattern, its Location or EventType label, its status, its duration. */
  request(route: string, operation: string, status: number, seconds: number): void;
  signatureFailure(reason: SignatureFailure): void;
  /** A store_busy, store_unavailable or other store failure answered to a caller. */
  storeError(code: string): void;
  /** A directory API write (create, replace, update, delete, import) and how many customers it touched. */
  apiWrite(operation: string, status: number, customers: number): void;
  /** The text Prometheus scrapes. */
  scrape(): Promise<string>;
}

type Labels<K extends string> = Record<K, string>;

/** A cache of label objects, so a request's labels are looked up, not built: one Map level per label. */
function labelCache<K extends string>(names: readonly K[]) {
  const root = new Map<string, unknown>();
  return (...values: string[]): Labels<K> => {
    let level = root;
    for (let i = 0; i < values.length - 1; i += 1) {
      let next = level.get(values[i] as string) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(values[i] as string, next);
      }
      level = next;
    }
    const last = values[values.length - 1] as string;
    let labels = level.get(last) as Labels<K> | undefined;
    if (labels === undefined) {
      labels = Object.fromEntries(names.map((name, i) => [name, values[i]])) as Labels<K>;
      level.set(last, labels);
    }
    return labels;
  };
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  // Process CPU, memory, handles, GC and event-loop delay (nodejs_eventloop_lag_*), as prom-client names them.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'frontline_info',
    help: 'Always 1; the version label says which release is running.',
    labelNames: ['version'],
    registers,
  }).set({ version: options.version }, 1);
  const requests = new Counter({
    name: 'frontline_http_requests_total',
    help: 'Requests answered, by route pattern, Location or EventType (known values, else "other") and status.',
    labelNames: ['route', 'location', 'status'],
    registers,
  });
  const durations = new Histogram({
    name: 'frontline_http_request_duration_seconds',
    help: 'Time from the request arriving to its answer being sent, by route pattern.',
    labelNames: ['route'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const signatures = new Counter({
    name: 'frontline_signature_failures_total',
    help: 'Callbacks refused with 403 because X-Twilio-Signature was missing or did not match.',
    labelNames: ['reason'],
    registers,
  });
  const storeErrors = new Counter({
    name: 'frontline_store_errors_total',
    help: 'Requests answered with a store failure, by error code (store_busy, store_unavailable, internal).',
    labelNames: ['code'],
    registers,
  });
  const writes = new Counter({
    name: 'frontline_api_writes_total',
    help: 'Directory API writes (create, replace, update, delete, import), by operation and status.',
    labelNames: ['operation', 'status'],
    registers,
  });
  const written = new Counter({
    name: 'frontline_api_written_customers_total',
    help: 'Customers the directory API writes touched, by operation (an import counts its records).',
    labelNames: ['operation'],
    registers,
  });
  if (options.poolCounts !== undefined) poolGauges(registry, options.poolCounts);

  const requestLabels = labelCache(['route', 'location', 'status'] as const);
  const routeLabels = labelCache(['route'] as const);
  const statusText = new Map<number, string>();
  const text = (status: number) => {
    let value = statusText.get(status);
    if (value === undefined) {
      value = String(status);
      statusText.set(status, value);
    }
    return value;
  };
  return {
    registry,
    request(route, operation, status, seconds) {
      requests.inc(requestLabels(route, operation, text(status)));
      durations.observe(routeLabels(route), seconds);
    },
    signatureFailure: (reason) => signatures.inc({ reason }),
    storeError: (code) => storeErrors.inc({ code }),
    apiWrite(operation, status, customers) {
      writes.inc({ operation, status: text(status) });
      written.inc({ operation }, customers);
    },
    scrape: () => registry.metrics(),
  };
}

function poolGauges(registry: Registry, read: () => PoolCounts): void {
  const gauge = (name: string, help: string, pick: (counts: PoolCounts) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(pick(read()));
      },
    });
  gauge('frontline_pg_pool_connections', 'PostgreSQL connections open in the pool.', (c) => c.total);
  gauge('frontline_pg_pool_idle_connections', 'PostgreSQL connections idle in the pool.', (c) => c.idle);
  gauge(
    'frontline_pg_pool_waiting_requests',
    'Store calls waiting for a PostgreSQL connection.',
    (c) => c.waiting,
  );
}
