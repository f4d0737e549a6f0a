// The error every setting problem is reported with: its message starts with the variable's name. Its own file so
// that the setting tables beside config.ts (config-callbacks.ts) can throw it without importing config.ts.
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function fail(variable: string, why: string): never {
  throw new ConfigError(`${variable} ${why}`);
}
