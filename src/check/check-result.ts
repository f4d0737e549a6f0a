// One row of a `frontline check` report: which check, how it went, and what it saw, on one line.
import type { Exchange } from './callback-client.ts';

export type Outcome = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  /** A dotted name, stable for scripts: `list.page-size`, `details.unknown`, … */
  name: string;
  outcome: Outcome;
  /** What it saw, one line, no customer data but ids. */
  saw: string;
}

export const pass = (name: string, saw: string): CheckResult => ({ name, outcome: 'pass', saw });
export const warn = (name: string, saw: string): CheckResult => ({ name, outcome: 'warn', saw });
export const fail = (name: string, saw: string): CheckResult => ({ name, outcome: 'fail', saw });

/** How an exchange ended, for a `saw` line: `answered 500`, `no answer in 7000 ms`, `connection reset or refused`. */
export function answered(exchange: Exchange): string {
  if (exchange.failure === 'timeout') return `no answer in ${Math.round(exchange.ms)} ms`;
  if (exchange.failure === 'connection') return 'the connection failed (reset, refused or closed)';
  if (exchange.truncated) return `answered ${exchange.status} with over 4 MB (not read further)`;
  return `answered ${exchange.status}${exchange.json === undefined ? ' (not JSON)' : ''}`;
}

export const isSuccess = (exchange: Exchange) =>
  exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;

export const isClientError = (exchange: Exchange) =>
  exchange.failure === undefined &&
  exchange.status !== undefined &&
  exchange.status >= 400 &&
  exchange.status < 500;

export const plural = (count: number, word: string, words = `${word}s`) =>
  `${count} ${count === 1 ? word : words}`;
