// Routing's shared state in PostgreSQL (migration 10), read and written through the store's pool under its time
// budget. The turn is one atomic upsert with RETURNING, so instances asking at once each get a turn of their own;
// times are the server's (now()), so instances whose clocks differ agree on the window.
import type { RoutingStateStore } from '../../directory/routing-state-store.ts';
import { workerKey } from '../../directory/text-key.ts';
import type { StoreCall } from './api-key-store.ts';

export class PostgresRoutingStateStore implements RoutingStateStore {
  readonly #call: StoreCall;

  constructor(call: StoreCall) {
    this.#call = call;
  }

  async nextTurn(pool: string): Promise<number> {
    const [row] = await this.#call((run) =>
      run<{ turn: string }>(
        `INSERT INTO routing_turns AS t (pool, turn) VALUES ($1, 0)
         ON CONFLICT (pool) DO UPDATE SET turn = t.turn + 1 RETURNING turn`,
        [pool],
      ),
    );
    return Number(row?.turn ?? 0);
  }

  async recordRouted(conversationSid: string, key: string, pruneBefore: Date): Promise<void> {
    await this.#call(async (run) => {
      await run('DELETE FROM routed_conversations WHERE routed_at < $1', [pruneBefore]);
      await run(
        `INSERT INTO routed_conversations (conversation_sid, worker_key, routed_at) VALUES ($1, $2, now())
         ON CONFLICT (conversation_sid) DO NOTHING`,
        [conversationSid, key],
      );
    });
  }

  async routedSince(workerKeys: readonly string[], since: Date): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (workerKeys.length === 0) return counts;
    const rows = await this.#call((run) =>
      run<{ key: string; n: string }>(
        `SELECT worker_key AS key, count(*) AS n FROM routed_conversations
          WHERE worker_key = ANY($1::text[]) AND routed_at >= $2 GROUP BY worker_key`,
        [workerKeys, since],
      ),
    );
    for (const row of rows) counts.set(row.key, Number(row.n));
    return counts;
  }

  async rememberIdentity(identity: string): Promise<void> {
    await this.#call((run) =>
      run(
        `INSERT INTO worker_identities (worker_key, identity, seen_at) VALUES ($1, $2, now())
         ON CONFLICT (worker_key) DO UPDATE SET identity = excluded.identity, seen_at = excluded.seen_at`,
        [workerKey(identity), identity],
      ),
    );
  }

  async knownIdentity(key: string): Promise<string | null> {
    const [row] = await this.#call((run) =>
      run<{ identity: string }>('SELECT identity FROM worker_identities WHERE worker_key = $1', [key]),
    );
    return row?.identity ?? null;
  }
}
