// Which Node releases are past their end of life (the Node.js release schedule, github.com/nodejs/Release), so that
// serve, sync and import can say so in one line at start. Node 20 is still the floor (package.json engines): the
// machines of many users run it, and the pins in package.json keep it working; this line tells them it is time.
// NODE_EOL_NOTICE=false silences it (the tests do, to compare a command's output exactly).
import { boolean, type Env } from './config-values.ts';

/** End of life of each major release, as YYYY-MM-DD. */
const END_OF_LIFE: Readonly<Record<number, string>> = {
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};

/** The notice for `version` (such as 20.20.2) on `today`, or null while that release is supported. */
export function endOfLifeNotice(version: string, today: Date): string | null {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  const eol = END_OF_LIFE[major];
  if (eol === undefined || today.getTime() < Date.parse(`${eol}T00:00:00Z`)) return null;
  return (
    `Notice: Node ${version.replace(/^v/, '')} reached its end of life on ${eol} and gets no more security ` +
    'fixes: move to Node 22 or 24 (this service runs on both)'
  );
}

export function nodeNoticeEnabled(env: Env): boolean {
  return boolean(env, 'NODE_EOL_NOTICE', true);
}
