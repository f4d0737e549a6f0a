// Opt-outs in the SQLite file (migration 16). Reads go through the store's reading connection and its snapshot,
// one primary-key probe an address. A keyword's write (optOut, optIn) has a connection of its own that waits for
// the write lock without holding the event loop (beginImmediate polls), up to OPT_OUT_WAIT_MS, inside the webhook's
// 5 s: a STOP is not dropped because an API write held the lock for a moment. The explicit changes of an import or
// an API write go through writeOptOutChanges on that write's own connection, in its transaction.
import type { ChannelAddress } from '../../directory/address.ts';
import { type OptOutChange, type OptOutStore, optOutKey } from '../../directory/opt-out-store.ts';
import { storeBusy } from '../../errors.ts';
import { type Connection, openConnection } from './connection.ts';
import { beginImmediate } from './import-session.ts';
import type { SideStoreAccess } from './side-store.ts';
import { storeError } from './store-errors.ts';

export const OPT_OUT_PROBE_SQL =
  'SELECT opted_out_at FROM opt_outs WHERE channel_type = :type AND address = :key';
const OPT_OUT_SQL = `INSERT INTO opt_outs (channel_type, address, opted_out_at) VALUES (:type, :key, :at)
  ON CONFLICT (channel_type, address) DO NOTHING`;
const SET_SQL = `INSERT INTO opt_outs (channel_type, address, opted_out_at) VALUES (:type, :key, :at)
  ON CONFLICT (channel_type, address) DO UPDATE SET opted_out_at = excluded.opted_out_at`;
export const OPT_IN_SQL = 'DELETE FROM opt_outs WHERE channel_type = :type AND address = :key';
const OPT_OUT_WAIT_MS = 3000;
const WRITER_CACHE_KIB = 1024;

/** An import's or an API write's explicit changes, on its connection and inside its transaction: one write each. */
export function writeOptOutChanges(db: Connection, changes: readonly OptOutChange[]): void {
  if (changes.length === 0) return;
  const set = db.prepare(SET_SQL);
  const clear = db.prepare(OPT_IN_SQL);
  for (const { address, optedOutAt } of changes) {
    const keys = { type: address.type, key: address.key };
    if (optedOutAt === null) clear.run(keys);
    else set.run({ ...keys, at: optedOutAt.toISOString() });
  }
}

export class SqliteOptOutStore implements OptOutStore {
  readonly #side: SideStoreAccess;

  constructor(side: SideStoreAccess) {
    this.#side = side;
  }

  optOut(address: ChannelAddress, at: Date): Promise<boolean> {
    return this.#write(
      (db) =>
        db.prepare(OPT_OUT_SQL).run({ type: address.type, key: address.key, at: at.toISOString() }).changes >
        0,
    );
  }

  optIn(address: ChannelAddress): Promise<boolean> {
    return this.#write(
      (db) => db.prepare(OPT_IN_SQL).run({ type: address.type, key: address.key }).changes > 0,
    );
  }

  async optedOut(addresses: readonly ChannelAddress[]): Promise<Map<string, Date>> {
    const found = new Map<string, Date>();
    if (addresses.length === 0) return found;
    this.#side.read((prepare) => {
      const probe = prepare(OPT_OUT_PROBE_SQL);
      for (const address of addresses) {
        const row = probe.get({ type: address.type, key: address.key }) as
          | { opted_out_at: string }
          | undefined;
        if (row !== undefined) found.set(optOutKey(address), new Date(row.opted_out_at));
      }
    });
    return found;
  }

  async #write<T>(work: (db: Connection) => T): Promise<T> {
    let db: Connection | undefined;
    try {
      db = openConnection(this.#side.path, { cacheKiB: WRITER_CACHE_KIB });
      if (!(await beginImmediate(db, OPT_OUT_WAIT_MS))) throw storeBusy();
      const result = work(db);
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db?.inTransaction) db.exec('ROLLBACK');
      throw storeError(error);
    } finally {
      db?.close();
      this.#side.wrote();
    }
  }
}
