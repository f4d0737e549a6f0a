// How a worker profile is laid out in a `workers` row, the same in both stores: keyed by workerKey, the identity as
// given (for messages and a lossless read back), an absent name as NULL.
import { workerKey } from '../directory/text-key.ts';
import type { WorkerProfile } from '../directory/worker.ts';

export interface WorkerRow {
  worker_key: string;
  identity: string;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
}

export const WORKER_COLUMNS = [
  'worker_key',
  'identity',
  'display_name',
  'first_name',
  'last_name',
] as const satisfies readonly (keyof WorkerRow)[];

export function toWorkerRow(profile: WorkerProfile): WorkerRow {
  return {
    worker_key: workerKey(profile.identity),
    identity: profile.identity,
    display_name: profile.display_name ?? null,
    first_name: profile.first_name ?? null,
    last_name: profile.last_name ?? null,
  };
}

export function toWorkerProfile(row: WorkerRow): WorkerProfile {
  const profile: WorkerProfile = { identity: row.identity };
  if (row.display_name !== null) profile.display_name = row.display_name;
  if (row.first_name !== null) profile.first_name = row.first_name;
  if (row.last_name !== null) profile.last_name = row.last_name;
  return profile;
}
