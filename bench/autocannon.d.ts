// The part of autocannon@9's programmatic API the bench uses (the package ships no types, and the bench is the only
// user, so these few lines are cheaper than another devDependency).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  /** One connection; setRequests() replaces the list it cycles through. */
  export interface AutocannonClient {
    setRequests(requests: AutocannonRequest[]): void;
  }

  export interface Histogram {
    average: number;
    mean: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p99: number;
  }

  export interface AutocannonResult {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    requests?: AutocannonRequest[];
    setupClient?: (client: AutocannonClient) => void;
    warmup?: { connections?: number; duration?: number };
    /** Seconds before a request with no answer counts as a timeout and its connection is reopened (default 10). */
    timeout?: number;
  }

  export interface Instance extends EventEmitter, PromiseLike<AutocannonResult> {
    stop(): void;
  }

  export default function autocannon(options: AutocannonOptions): Instance;
}
