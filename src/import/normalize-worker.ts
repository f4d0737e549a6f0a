// One line of a workers file → a WorkerProfile, or the reason it cannot be one. Names are one line each, like a
// customer's display_name; an empty or null name is an absent one, and a profile must give at least one name.
import type { WorkerProfile } from '../directory/worker.ts';
import { expectObject, InvalidField, identifier, invalid, isAbsent, oneLine } from './field-rules.ts';
import { type Problem, problemsText } from './problems.ts';

export type NormalizeWorkerResult = { ok: true; profile: WorkerProfile } | { ok: false; reason: string };

const FIELDS = ['identity', 'display_name', 'first_name', 'last_name'] as const;
/** As long as an identity may be in a customer's workers. */
const MAX_IDENTITY = 256;
const MAX_DISPLAY_NAME = 200;
const MAX_NAME = 100;

export function normalizeWorker(raw: unknown): NormalizeWorkerResult {
  try {
    return { ok: true, profile: normalize(raw) };
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, reason: error.message };
    throw error;
  }
}

function normalize(raw: unknown): WorkerProfile {
  const unknown: Problem[] = [];
  const input = expectObject(raw, '', FIELDS, unknown);
  if (unknown.length > 0) invalid('', problemsText(unknown));
  const profile: WorkerProfile = { identity: identifier(input.identity, 'identity', MAX_IDENTITY) };
  const displayName = name(input.display_name, 'display_name', MAX_DISPLAY_NAME);
  if (displayName !== undefined) profile.display_name = displayName;
  const firstName = name(input.first_name, 'first_name', MAX_NAME);
  if (firstName !== undefined) profile.first_name = firstName;
  const lastName = name(input.last_name, 'last_name', MAX_NAME);
  if (lastName !== undefined) profile.last_name = lastName;
  if (Object.keys(profile).length === 1)
    invalid('', 'no display_name, first_name or last_name: nothing to sign with');
  return profile;
}

function name(value: unknown, field: string, max: number): string | undefined {
  if (isAbsent(value)) return undefined;
  const text = oneLine(value, field, max);
  return text === '' ? undefined : text;
}
