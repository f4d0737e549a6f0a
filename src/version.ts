// The service's version, as package.json gives it: `frontline --version` and the OpenAPI document say it.
import { readFileSync } from 'node:fs';

export function serviceVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
