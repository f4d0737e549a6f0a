// A rep whose list is empty from the first page, with no search, has no customer assigned at all: most often the
// Frontline identity is not spelled as the import's `workers` value (another e-mail alias, a stray space, a
// look-alike character). Said once per worker and process, at info, not on every request; bounded memory.
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { workerKey } from '../directory/text-key.ts';

/** Workers remembered as already reported; past this the oldest is forgotten (and may be reported again). */
export const REMEMBERED_WORKERS = 10_000;

/** The first 16 hex digits of SHA-256 of the folded identity: logs name no worker, an operator can still match one. */
export function workerFingerprint(identity: string): string {
  return createHash('sha256').update(workerKey(identity)).digest('hex').slice(0, 16);
}

export function workerWithoutCustomers(limit = REMEMBERED_WORKERS) {
  const reported = new Set<string>();
  return function reportOnce(identity: string, log: FastifyBaseLogger): void {
    const key = workerKey(identity);
    if (reported.has(key)) return;
    if (reported.size >= limit) reported.delete(reported.values().next().value as string);
    reported.add(key);
    log.info(
      {
        worker: workerFingerprint(identity),
        // Facts about the spelling, never the spelling: what most often makes an identity miss its customers.
        identity: {
          email: key.includes('@'),
          inner_space: /\s/.test(key),
          non_ascii: /[^\x20-\x7e]/.test(key),
        },
      },
      'a worker has no customers assigned: check that their Frontline identity is spelled as in the imported ' +
        '`workers` values (compared trimmed and case-insensitively); worker is the first 16 hex digits of the ' +
        'SHA-256 of the lower-cased identity',
    );
  };
}
