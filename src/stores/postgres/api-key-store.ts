// The directory API's keys in PostgreSQL (migration 7, table api_keys). Nothing is cached: every request's lookup is
// one read of the unique key_hash index, so a key created or revoked on one instance is seen by every instance at
// its next request. Each call borrows a connection from the store's pool under the store's time budget, like every
// other store call, and its failures map to store_unavailable the same way.
import {
  type ApiKeyInfo,
  type ApiKeyStore,
  apiKeyNameInUse,
  type NewApiKey,
  type StoredApiKey,
} from '../../directory/api-key-store.ts';
import type { Run } from './connection.ts';
import { hasNul } from './search-terms.ts';

/** Runs one store call on a borrowed connection (PostgresCustomerStore's own). */
export type StoreCall = <T>(work: (run: Run) => Promise<T>) => Promise<T>;

interface KeyRow {
  name: string;
  key_hash: string;
  read_only: boolean;
  created_at: Date;
  last_used_at: Date | null;
}

export class PostgresApiKeyStore implements ApiKeyStore {
  readonly #call: StoreCall;

  constructor(call: StoreCall) {
    this.#call = call;
  }

  async create(key: NewApiKey): Promise<void> {
    const added = await this.#call((run) =>
      run(
        `INSERT INTO api_keys (name, key_hash, read_only, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING RETURNING name`,
        [key.name, key.hash, key.readOnly, key.createdAt],
      ),
    );
    if (added.length === 0) throw apiKeyNameInUse(key.name);
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.#call((run) =>
      run<KeyRow>('SELECT name, read_only, created_at, last_used_at FROM api_keys ORDER BY name'),
    );
    return rows.map((row) => ({
      name: row.name,
      readOnly: row.read_only,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    }));
  }

  async revoke(name: string): Promise<boolean> {
    // A name PostgreSQL text cannot hold is no key's name (create's callers refuse it: src/api/api-keys.ts).
    if (hasNul(name)) return false;
    const removed = await this.#call((run) =>
      run('DELETE FROM api_keys WHERE name = $1 RETURNING name', [name]),
    );
    return removed.length > 0;
  }

  async findByHash(hash: string): Promise<StoredApiKey | null> {
    const [row] = await this.#call((run) =>
      run<KeyRow>('SELECT name, key_hash, read_only FROM api_keys WHERE key_hash = $1', [hash]),
    );
    return row === undefined ? null : { name: row.name, hash: row.key_hash, readOnly: row.read_only };
  }

  async markUsed(name: string, at: Date): Promise<void> {
    // An UPDATE that matches no row (a use already recorded later by another instance) writes nothing.
    await this.#call((run) =>
      run(
        `UPDATE api_keys SET last_used_at = $2
          WHERE name = $1 AND (last_used_at IS NULL OR last_used_at < $2)`,
        [name, at],
      ),
    );
  }
}
