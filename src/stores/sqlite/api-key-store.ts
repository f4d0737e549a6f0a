// The directory API's keys in the SQLite file (migration 10, table api_keys). Reads go through the store's reading
// connection and its snapshot of the turn, like every lookup, so a key revoked by `frontline api-key revoke` in
// another process stops working from the server's next turn. Writes use a short-lived connection of their own: the
// reading connection holds a read transaction all turn, which a write would have to upgrade, and an import's write
// lock must never stall the server's event loop. So markUsed (the only write a server makes) does not wait for that
// lock and fails at once with store_unavailable (the caller logs it and tries again later); create and revoke, run
// by the CLI, wait up to the connection's busy_timeout (5 s) like any write.
import {
  type ApiKeyInfo,
  type ApiKeyStore,
  apiKeyNameInUse,
  type NewApiKey,
  type StoredApiKey,
} from '../../directory/api-key-store.ts';
import type { Connection } from './connection.ts';
import { writeOnce } from './one-write.ts';
import type { SideStoreAccess } from './side-store.ts';

/** Runs a read on the store's reading connection, in its snapshot, with its errors mapped. */
interface KeyRow {
  name: string;
  key_hash: string;
  read_only: 0 | 1;
  created_at: string;
  last_used_at: string | null;
}

export class SqliteApiKeyStore implements ApiKeyStore {
  readonly #side: SideStoreAccess;

  constructor(side: SideStoreAccess) {
    this.#side = side;
  }

  async create(key: NewApiKey): Promise<void> {
    const added = this.#write(true, (db) =>
      db
        .prepare(
          `INSERT INTO api_keys (name, key_hash, read_only, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (name) DO NOTHING`,
        )
        .run(key.name, key.hash, key.readOnly ? 1 : 0, key.createdAt.toISOString()),
    );
    if (added.changes === 0) throw apiKeyNameInUse(key.name);
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = this.#side.read(
      (prepare) =>
        prepare('SELECT name, read_only, created_at, last_used_at FROM api_keys ORDER BY name').all(
          {},
        ) as KeyRow[],
    );
    return rows.map((row) => ({
      name: row.name,
      readOnly: row.read_only === 1,
      createdAt: new Date(row.created_at),
      lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    }));
  }

  async revoke(name: string): Promise<boolean> {
    const removed = this.#write(true, (db) => db.prepare('DELETE FROM api_keys WHERE name = ?').run(name));
    return removed.changes > 0;
  }

  async findByHash(hash: string): Promise<StoredApiKey | null> {
    const row = this.#side.read(
      (prepare) =>
        prepare('SELECT name, key_hash, read_only FROM api_keys WHERE key_hash = :hash').get({ hash }) as
          | KeyRow
          | undefined,
    );
    return row === undefined ? null : { name: row.name, hash: row.key_hash, readOnly: row.read_only === 1 };
  }

  async markUsed(name: string, at: Date): Promise<void> {
    this.#write(false, (db) =>
      db
        .prepare(
          `UPDATE api_keys SET last_used_at = :at
            WHERE name = :name AND (last_used_at IS NULL OR last_used_at < :at)`,
        )
        .run({ name, at: at.toISOString() }),
    );
  }

  #write<T>(wait: boolean, work: (db: Connection) => T): T {
    return writeOnce(this.#side.path, { wait, wrote: this.#side.wrote }, work);
  }
}
