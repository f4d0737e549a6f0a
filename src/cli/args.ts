// node:util parseArgs with its errors turned into one-line usage errors.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './cli-error.ts';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  allowPositionals: boolean,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw usageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

export function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw usageError(`--${name} must be a whole number of at least 1`);
  return Number(raw);
}

export function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw usageError(`--${name} must be a whole number (0 or more)`);
  return Number(raw);
}

/** An http(s) URL given as option `name`, or undefined when it was not given; anything else is a usage error. */
export function httpUrl(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^https?:\/\/[^/]/.test(raw)) throw usageError(`${name} "${raw}" is not an http(s) URL`);
  return raw;
}
