// The two writes every CRM connector makes, through the same import sessions as `frontline import` and the
// directory API: a batch (one page from the CRM, its upserts and deletions in one transaction, so the directory never
// holds half of it) and --full's removal of the source's customers a full read did not see (one transaction).
import type { CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore } from '../directory/customer-store.ts';

/** Upserts `records` and removes `removed` in one transaction; returns how many were removed. */
export async function writeBatch(
  store: CustomerStore,
  records: CustomerRecord[],
  removed: string[],
): Promise<number> {
  if (records.length === 0 && removed.length === 0) return 0;
  const session = await store.beginImport();
  try {
    if (records.length > 0) await session.upsert(records);
    const count = removed.length > 0 ? await session.remove(removed) : 0;
    await session.commit();
    return count;
  } catch (error) {
    await session.rollback();
    throw error;
  }
}

/** --full: one transaction removes every customer whose id starts with `prefix` that the run did not see. */
export async function removeUnseen(
  store: CustomerStore,
  prefix: string,
  seen: ReadonlySet<string>,
): Promise<number> {
  const session = await store.beginImport();
  try {
    const { removed } = await session.removeExcept((id) => !id.startsWith(prefix) || seen.has(id));
    await session.commit();
    return removed;
  } catch (error) {
    await session.rollback();
    throw error;
  }
}
