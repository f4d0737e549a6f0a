// The directory API's keys themselves: what a key looks like, how it is hashed and compared, what a key's name may
// be. A key is shown once, when created; the store keeps only its hash (src/directory/api-key-store.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyStore } from '../directory/api-key-store.ts';
import { AppError } from '../errors.ts';

/** Every key starts with this, so that a leaked one is recognizable (and secret scanners can be taught it). */
export const API_KEY_PREFIX = 'fl_';
const KEY_BYTES = 32;
/** A key as this service issues it: the prefix, then 32 random bytes in base64url (43 characters). */
const KEY_SHAPE = /^fl_[A-Za-z0-9_-]{43}$/;

/** Names: 1 to 64 of A-Z, a-z, 0-9, dot, underscore and hyphen, so they print and log as they are. */
export const API_KEY_NAME_RULE = '1 to 64 characters of A-Z, a-z, 0-9, ".", "_" and "-"';
const NAME_SHAPE = /^[A-Za-z0-9._-]{1,64}$/;

export function isApiKeyShape(text: string): boolean {
  return KEY_SHAPE.test(text);
}

/** Refuses a name outside API_KEY_NAME_RULE, saying what a name may be. */
export function checkApiKeyName(name: string): void {
  if (!NAME_SHAPE.test(name)) {
    const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
    throw new AppError('bad_request', `An API key's name is ${API_KEY_NAME_RULE}, not ${shown}`);
  }
}

/**
 * The key's SHA-256, lowercase hex. A plain fast hash is right here: a key is 256 random bits, so no dictionary or
 * brute force can find one from its hash, and a slow password hash (bcrypt, scrypt, argon2) would only add
 * milliseconds to every request. Being unsalted and deterministic is what lets a request find its key with one
 * indexed read by hash.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether two hashes (hex, as hashApiKey gives) are equal, in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface CreatedApiKey {
  name: string;
  readOnly: boolean;
  /** The key itself: show it once, never store or log it. */
  key: string;
}

/** Makes a new random key, stores its hash under `name`, and returns the key (the only time it exists). */
export async function createApiKey(
  keys: ApiKeyStore,
  options: { name: string; readOnly: boolean; now?: Date },
): Promise<CreatedApiKey> {
  checkApiKeyName(options.name);
  const key = `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
  await keys.create({
    name: options.name,
    hash: hashApiKey(key),
    readOnly: options.readOnly,
    createdAt: options.now ?? new Date(),
  });
  return { name: options.name, readOnly: options.readOnly, key };
}
