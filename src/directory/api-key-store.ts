// The port for the directory API's keys, one member of every CustomerStore (`store.apiKeys`), so that a key created
// with `frontline api-key create` opens the API on every instance that shares the store. It holds names, flags and
// hashes only: the key itself is shown once when created (src/api/api-keys.ts) and never stored. Defined by
// test/stores/api-key-store.test.ts, run on every store like the store contract.
import { AppError } from '../errors.ts';

export interface NewApiKey {
  name: string;
  /** The key's SHA-256, lowercase hex (src/api/api-keys.ts `hashApiKey`). */
  hash: string;
  readOnly: boolean;
  createdAt: Date;
}

/** What `list` shows of a key: never its hash. */
export interface ApiKeyInfo {
  name: string;
  readOnly: boolean;
  createdAt: Date;
  /** The last recorded use (markUsed), null when never used. */
  lastUsedAt: Date | null;
}

/** The key a hash belongs to, with that stored hash, for the caller's constant-time comparison. */
export interface StoredApiKey {
  name: string;
  hash: string;
  readOnly: boolean;
}

export interface ApiKeyStore {
  /** Stores a new key; a name already in use is an AppError('bad_request') saying so, and nothing is written. */
  create(key: NewApiKey): Promise<void>;
  /** Every key, by name. */
  list(): Promise<ApiKeyInfo[]>;
  /** Deletes the key: from the store's next read on, on every instance, it opens nothing. false when unknown. */
  revoke(name: string): Promise<boolean>;
  /** The key with this hash, or null: one read of a unique index, whatever the number of keys. */
  findByHash(hash: string): Promise<StoredApiKey | null>;
  /**
   * Records a use of the key at `at`. It never moves the time back (instances may record out of order) and does
   * nothing for an unknown name. Callers throttle it (src/api/api-key-auth.ts: once a minute per key per process).
   */
  markUsed(name: string, at: Date): Promise<void>;
}

/** What create throws for a name already in use. */
export function apiKeyNameInUse(name: string): AppError {
  return new AppError(
    'bad_request',
    `An API key named "${name}" already exists: choose another name, or revoke that key first`,
  );
}
