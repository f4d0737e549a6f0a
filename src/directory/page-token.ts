// NextPageToken: the position after which the next page starts, sealed with AES-256-GCM. Sealing makes a token
// opaque (it carries folded customer names), stateless (any instance holding the same secret opens it) and
// tamper-evident; the binding (worker, visibility, search) is authenticated data, so a token presented by another
// worker or for another search fails to open instead of leaking a foreign listing.
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from 'node:crypto';
import { invalidPageToken } from '../errors.ts';
import type { Position } from './customer-store.ts';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_TOKEN_CHARS = 16384;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

// IVs are cut from a pool of random bytes refilled 4 KiB at a time: one call into the CSPRNG for 341 tokens instead
// of one each (randomBytes(12) was 6% of a paged request's CPU under load, docs/benchmarks.md). Every IV is still
// random and used once, which is what GCM requires; seal() consumes its IV before the pool can be refilled.
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  ivOffset += IV_BYTES;
  return ivPool.subarray(ivOffset - IV_BYTES, ivOffset);
}

export interface PageTokens {
  seal(position: Position, binding: string): string;
  /** Throws AppError invalid_page_token for anything this service did not issue for this binding. */
  open(token: string, binding: string): Position;
}

const keyOf = (secret: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'frontline page token', `v${VERSION}`, 32));

/**
 * Tokens sealed with `secret`; `alsoOpen` are secrets whose tokens still open (the other Twilio Auth Token while one
 * is rotated, when the secret is derived from it), so a rep mid-scroll is not cut off by a rolling restart.
 */
export function pageTokens(secret: string, alsoOpen: readonly string[] = []): PageTokens {
  const key = keyOf(secret);
  const keys = [key, ...alsoOpen.filter((other) => other !== secret).map(keyOf)];
  return {
    seal(position, binding) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(binding));
      const payload = JSON.stringify([position.tier, position.name, position.customerId]);
      const body = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(token, binding) {
      if (token.length > MAX_TOKEN_CHARS || !BASE64URL.test(token)) throw invalidPageToken();
      const raw = Buffer.from(token, 'base64url');
      // Base64 has spare bits in its last character: only the canonical spelling is accepted, so that no two
      // strings open to the same token.
      if (raw.toString('base64url') !== token) throw invalidPageToken();
      if (raw.length < 1 + IV_BYTES + TAG_BYTES + 1 || raw[0] !== VERSION) throw invalidPageToken();
      for (const candidate of keys) {
        const plain = openWith(candidate, raw, binding);
        if (plain !== undefined) return toPosition(plain);
      }
      throw invalidPageToken();
    },
  };
}

/** The token's parsed payload if this key sealed it for this binding; undefined otherwise. */
function openWith(key: Buffer, raw: Buffer, binding: string): unknown {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(Buffer.from(binding)).setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const body = raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}

function toPosition(value: unknown): Position {
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    (value[0] === 0 || value[0] === 1) &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string'
  )
    return { tier: value[0], name: value[1], customerId: value[2] };
  throw invalidPageToken();
}
