// ETags and the conditional headers of the directory API (RFC 9110 §8.8.3, §13.1). A record's ETag is its version
// (src/directory/record-version.ts) as a strong entity tag, so If-Match compares strongly: a weak tag never matches.
import type { WriteCondition } from '../directory/customer-store.ts';
import { AppError } from '../errors.ts';

export const etagOf = (version: string): string => `"${version}"`;

// An entity tag is an optionally weak, quoted run of visible characters other than '"'.
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/** The write condition that If-Match and If-None-Match ask for; `any` when neither is sent. */
export function writeCondition(ifMatch: string | undefined, ifNoneMatch: string | undefined): WriteCondition {
  if (ifMatch !== undefined && ifNoneMatch !== undefined)
    throw new AppError('bad_request', 'Send If-Match or If-None-Match, not both');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*')
      throw new AppError('bad_request', 'If-None-Match on a write takes only *: create if it does not exist');
    return { kind: 'absent' };
  }
  if (ifMatch === undefined) return { kind: 'any' };
  if (ifMatch.trim() === '*') return { kind: 'present' };
  return { kind: 'version', versions: strongTags(ifMatch) };
}

/** For GET: true when If-None-Match lists this version (weakly compared, as RFC 9110 asks there), or is *. */
export function notModified(ifNoneMatch: string | undefined, version: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return tags(ifNoneMatch).some((tag) => tag.opaque === version);
}

function strongTags(header: string): string[] {
  return tags(header)
    .filter((tag) => !tag.weak)
    .map((tag) => tag.opaque);
}

function tags(header: string): { weak: boolean; opaque: string }[] {
  return header.split(',').map((part) => {
    const match = ENTITY_TAG.exec(part.trim());
    if (match === null)
      throw new AppError('bad_request', 'If-Match and If-None-Match take quoted ETags, comma-separated');
    return { weak: match[1] !== undefined, opaque: match[2] as string };
  });
}
