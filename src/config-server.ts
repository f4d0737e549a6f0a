// The HTTP server's own limits: when to answer 503 overloaded instead of queueing, how long a client may take to
// send its request, and how `serve` drains at SIGTERM. Read by config.ts; docs/operations.md explains each one.
import { getHeapStatistics } from 'node:v8';
import { type Env, fail, integer } from './config-values.ts';

export interface ServerSettings {
  /** Event-loop delay (smoothed over 50 ms ticks) past which new requests get 503 overloaded; 0: not checked. */
  maxEventLoopDelayMs: number;
  /** Event-loop utilization (0 to 1) past which new requests get 503; 0: not checked. */
  maxEventLoopUtilization: number;
  /** V8 heap in use past which new requests get 503; 0: not checked. */
  maxHeapUsedBytes: number;
  /** How often event-loop utilization and the heap are sampled. */
  pressureSampleMs: number;
  /** A request that has already waited this long before it is read is answered 503 rather than worked on. */
  maxQueueWaitMs: number;
  /** A busy event loop works on requests this long a turn, then lets it accept and read (fair-turns.ts); 0: off. */
  turnSliceMs: number;
  /** Receiving a whole request (headers and body) may take this long; then 408 and the connection is closed. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** At SIGTERM, /healthz answers 503 for this long before the listener closes (0: it closes at once). */
  shutdownDelayMs: number;
  /** From SIGTERM, requests still in flight after this many ms are cut and the process exits 1. */
  shutdownTimeoutMs: number;
}

/** 90% of the heap V8 may grow to: past it, collection takes most of the time and every request is late. */
const defaultHeapLimit = () => Math.floor(getHeapStatistics().heap_size_limit * 0.9);

function share(env: Env, name: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || value < 0 || value > 1)
    fail(name, `must be a number from 0 to 1, 0 to turn it off (got "${raw}")`);
  return value;
}

export function serverSettings(env: Env): ServerSettings {
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', 5000, 100, 600_000);
  const shutdownDelayMs = integer(env, 'SHUTDOWN_DELAY_MS', 0, 0, 600_000);
  const shutdownTimeoutMs = integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 3_600_000);
  if (shutdownDelayMs >= shutdownTimeoutMs)
    fail('SHUTDOWN_DELAY_MS', `must be shorter than SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs})`);
  const heapMb = integer(env, 'OVERLOAD_MAX_HEAP_MB', -1, 0, 1_048_576);
  return {
    maxEventLoopDelayMs: integer(env, 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 500, 0, 60_000),
    maxEventLoopUtilization: share(env, 'OVERLOAD_MAX_EVENT_LOOP_UTILIZATION'),
    maxHeapUsedBytes: heapMb === -1 ? defaultHeapLimit() : heapMb * 1024 * 1024,
    pressureSampleMs: integer(env, 'OVERLOAD_SAMPLE_MS', 200, 10, 10_000),
    maxQueueWaitMs: integer(env, 'OVERLOAD_MAX_QUEUE_WAIT_MS', 2000, 0, 60_000),
    turnSliceMs: integer(env, 'OVERLOAD_TURN_SLICE_MS', 10, 0, 10_000),
    requestTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000, 1000, 600_000),
    shutdownDelayMs,
    shutdownTimeoutMs,
  };
}
