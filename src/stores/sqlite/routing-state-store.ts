// Routing's shared state in the SQLite file (migration 14). Reads go through the store's reading connection and its
// snapshot, like the API keys; writes use a short-lived connection of their own that never waits for an import's
// write lock (better-sqlite3 would hold the event loop while it waits): a write that finds the lock taken fails at
// once with store_unavailable, and routing carries on without it (src/routing/pool-order.ts).
import type { RoutingStateStore } from '../../directory/routing-state-store.ts';
import { workerKey } from '../../directory/text-key.ts';
import type { Connection } from './connection.ts';
import { writeOnce } from './one-write.ts';
import type { SideStoreAccess } from './side-store.ts';

export class SqliteRoutingStateStore implements RoutingStateStore {
  readonly #side: SideStoreAccess;

  constructor(side: SideStoreAccess) {
    this.#side = side;
  }

  async nextTurn(pool: string): Promise<number> {
    const row = this.#write(
      (db) =>
        db
          .prepare(
            `INSERT INTO routing_turns (pool, turn) VALUES (:pool, 0)
             ON CONFLICT (pool) DO UPDATE SET turn = turn + 1 RETURNING turn`,
          )
          .get({ pool }) as { turn: number },
    );
    return row.turn;
  }

  async recordRouted(conversationSid: string, key: string, pruneBefore: Date): Promise<void> {
    this.#write((db) =>
      db
        .transaction(() => {
          db.prepare('DELETE FROM routed_conversations WHERE routed_at < :cutoff').run({
            cutoff: pruneBefore.toISOString(),
          });
          db.prepare(
            `INSERT INTO routed_conversations (conversation_sid, worker_key, routed_at)
             VALUES (:sid, :key, :now) ON CONFLICT (conversation_sid) DO NOTHING`,
          ).run({ sid: conversationSid, key, now: new Date().toISOString() });
        })
        .immediate(),
    );
  }

  async routedSince(workerKeys: readonly string[], since: Date): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (workerKeys.length === 0) return counts;
    const rows = this.#side.read(
      (prepare) =>
        prepare(
          `SELECT worker_key AS key, count(*) AS n FROM routed_conversations
            WHERE worker_key IN (SELECT value FROM json_each(:keys)) AND routed_at >= :since
            GROUP BY worker_key`,
        ).all({ keys: JSON.stringify(workerKeys), since: since.toISOString() }) as {
          key: string;
          n: number;
        }[],
    );
    for (const row of rows) counts.set(row.key, row.n);
    return counts;
  }

  async rememberIdentity(identity: string): Promise<void> {
    this.#write((db) =>
      db
        .prepare(
          `INSERT INTO worker_identities (worker_key, identity, seen_at) VALUES (:key, :identity, :now)
           ON CONFLICT (worker_key) DO UPDATE SET identity = excluded.identity, seen_at = excluded.seen_at`,
        )
        .run({ key: workerKey(identity), identity, now: new Date().toISOString() }),
    );
  }

  async knownIdentity(key: string): Promise<string | null> {
    const row = this.#side.read(
      (prepare) =>
        prepare('SELECT identity FROM worker_identities WHERE worker_key = :key').get({ key }) as
          | { identity: string }
          | undefined,
    );
    return row?.identity ?? null;
  }

  #write<T>(work: (db: Connection) => T): T {
    return writeOnce(this.#side.path, { wait: false, wrote: this.#side.wrote }, work);
  }
}
