// Opt-outs in PostgreSQL (migration 12), through the store's pool under its time budget. optedOut asks for every
// address in one statement: each of unnest's rows probes the primary key in a LATERAL subquery, whose LIMIT keeps
// the planner from turning it into a join; a plain join of a 1,000-address page hashed the whole table instead
// (55 ms on 100,000 opt-outs, test/stores/opt-out-plans.test.ts). The explicit changes of an import or an API write
// go through writeOptOutChanges, in that write's own transaction.
import type { ChannelAddress } from '../../directory/address.ts';
import type { ChannelType } from '../../directory/customer.ts';
import { type OptOutChange, type OptOutStore, optOutKey } from '../../directory/opt-out-store.ts';
import type { StoreCall } from './api-key-store.ts';
import type { Run } from './connection.ts';

export const OPTED_OUT_SQL = `SELECT k.channel_type, k.address, o.opted_out_at
  FROM unnest($1::text[], $2::text[]) AS k (channel_type, address)
  CROSS JOIN LATERAL (
    SELECT opted_out_at FROM opt_outs WHERE channel_type = k.channel_type AND address = k.address LIMIT 1
  ) AS o`;
export const SET_SQL = `INSERT INTO opt_outs (channel_type, address, opted_out_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
  ON CONFLICT (channel_type, address) DO UPDATE SET opted_out_at = excluded.opted_out_at`;
export const CLEAR_SQL = 'DELETE FROM opt_outs WHERE channel_type = $1 AND address = $2';

/**
 * An import's or an API write's explicit changes, inside its transaction: the times in one insert from unnest (each
 * row its own conflict probe), each clear a primary-key delete of its own, so that no plan can scan the table.
 */
export async function writeOptOutChanges(run: Run, changes: readonly OptOutChange[]): Promise<void> {
  // The last change of an address wins, as it would one statement at a time (ON CONFLICT may not touch a row twice).
  const last = new Map<string, OptOutChange>();
  for (const change of changes) last.set(optOutKey(change.address), change);
  const sets = [...last.values()].filter((change) => change.optedOutAt !== null);
  const clears = [...last.values()].filter((change) => change.optedOutAt === null);
  if (sets.length > 0)
    await run(SET_SQL, [
      sets.map((change) => change.address.type),
      sets.map((change) => change.address.key),
      sets.map((change) => change.optedOutAt),
    ]);
  for (const { address } of clears) await run(CLEAR_SQL, [address.type, address.key]);
}

export class PostgresOptOutStore implements OptOutStore {
  readonly #call: StoreCall;

  constructor(call: StoreCall) {
    this.#call = call;
  }

  async optOut(address: ChannelAddress, at: Date): Promise<boolean> {
    const rows = await this.#call((run) =>
      run(
        `INSERT INTO opt_outs (channel_type, address, opted_out_at) VALUES ($1, $2, $3)
         ON CONFLICT (channel_type, address) DO NOTHING RETURNING 1`,
        [address.type, address.key, at],
      ),
    );
    return rows.length > 0;
  }

  async optIn(address: ChannelAddress): Promise<boolean> {
    const rows = await this.#call((run) => run(`${CLEAR_SQL} RETURNING 1`, [address.type, address.key]));
    return rows.length > 0;
  }

  async optedOut(addresses: readonly ChannelAddress[]): Promise<Map<string, Date>> {
    const found = new Map<string, Date>();
    if (addresses.length === 0) return found;
    const rows = await this.#call((run) =>
      run<{ channel_type: string; address: string; opted_out_at: Date }>(OPTED_OUT_SQL, [
        addresses.map((address) => address.type),
        addresses.map((address) => address.key),
      ]),
    );
    for (const row of rows)
      found.set(optOutKey({ type: row.channel_type as ChannelType, key: row.address }), row.opted_out_at);
    return found;
  }
}
