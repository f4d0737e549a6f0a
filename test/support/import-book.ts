// The store-level import the tests use: one session, one upsert, and for a replace the removal of every customer the
// records do not list (what `frontline import --replace` does through the import driver).
import type { CustomerRecord } from '../../src/directory/customer.ts';
import type { CustomerStore, ImportSession } from '../../src/directory/customer-store.ts';

export async function importBook(
  store: CustomerStore,
  records: readonly CustomerRecord[],
  replace = false,
): Promise<void> {
  const session = await store.beginImport();
  try {
    await writeBook(session, records, replace);
    await session.commit();
  } finally {
    await session.rollback();
  }
}

/** The writes of importBook, on a session the caller commits or rolls back. */
export async function writeBook(
  session: ImportSession,
  records: readonly CustomerRecord[],
  replace: boolean,
): Promise<void> {
  await session.upsert(records);
  if (!replace) return;
  const listed = new Set(records.map((record) => record.customer_id));
  await session.removeExcept((id) => listed.has(id));
}
