// METRICS_HOST and METRICS_PORT: where GET /metrics listens, on a socket of its own so that the callbacks' port
// (open to Twilio, often to the internet) never shows it. Off while METRICS_PORT is unset.
import { isIP } from 'node:net';
import { type Env, fail, integer } from '../config-values.ts';

export interface MetricsSettings {
  host: string;
  /** 0 asks the system for a free port (tests). */
  port: number;
}

export function metricsSettings(env: Env): MetricsSettings | undefined {
  const host = env.METRICS_HOST || '127.0.0.1';
  if (isIP(host) === 0 && host !== 'localhost')
    fail('METRICS_HOST', `must be an IP address such as 127.0.0.1 or 0.0.0.0 (got "${host}")`);
  if (env.METRICS_PORT === undefined || env.METRICS_PORT === '') return undefined;
  return { host, port: integer(env, 'METRICS_PORT', 0, 0, 65535) };
}
