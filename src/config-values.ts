// How a setting is read and refused: ConfigError, whose message starts with the variable's name, and the readers
// both setting tables use (config.ts, config-callbacks.ts). Every value comes from an Env passed in.
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

export function fail(variable: string, why: string): never {
  throw new ConfigError(`${variable} ${why}`);
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    fail(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  return Number(raw);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    fail(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  return fail(name, `must be true or false (got "${env[name]}")`);
}

/** A comma-separated value's parts, untrimmed; none for an unset or blank value. */
export function list(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',');
}
