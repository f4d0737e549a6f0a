// One import line → a CustomerRecord Frontline can use as is, or every reason it cannot (each field is checked on its
// own, so one pass over a file finds all there is to fix). The output is a fixed point: normalizing a normalized
// record returns an identical record, which is what makes export → import lossless.
import type { CountryCode } from 'libphonenumber-js';
import {
  type Customer,
  type CustomerRecord,
  type Details,
  RECORD_SOURCES,
  type RecordSource,
} from '../directory/customer.ts';
import type { OptOutChange } from '../directory/opt-out-store.ts';
import { workerKey } from '../directory/text-key.ts';
import {
  checkMaxLength,
  checkNoControl,
  expectArray,
  expectObject,
  expectString,
  InvalidField,
  identifier,
  invalid,
  isAbsent,
  kindOf,
  oneLine,
} from './field-rules.ts';
import { normalizeChannels } from './normalize-channels.ts';
import { normalizeAvatar, normalizeLinks } from './normalize-links.ts';
import { attempt, type Problem, problemsText } from './problems.ts';

export interface NormalizeOptions {
  /** The country of numbers written without +country code; without it such numbers are rejected. */
  defaultCountry?: CountryCode;
}

/** A refused record: its problems, and `reason`, all of them as one line named by JSON path (what NDJSON shows). */
export type NormalizeResult =
  | { ok: true; record: CustomerRecord; optOuts: OptOutChange[] }
  | { ok: false; problems: Problem[]; reason: string };

const FIELDS = [
  'customer_id',
  'display_name',
  'avatar',
  'channels',
  'links',
  'details',
  'workers',
  'worker',
  'source',
];
const MAX_CUSTOMER_ID = 256;
const MAX_DISPLAY_NAME = 200;
const MAX_DETAILS_TITLE = 200;
const MAX_DETAILS_CONTENT = 30_000;
const MAX_WORKER = 256;
const MAX_WORKERS = 1000;
// Frontline caps a callback response at 64 KB; this leaves room for the details response's envelope.
const MAX_CUSTOMER_BYTES = 60_000;

export function normalizeRecord(raw: unknown, options: NormalizeOptions): NormalizeResult {
  const problems: Problem[] = [];
  const input = attempt(problems, () => expectObject(raw, '', FIELDS, problems));
  const optOuts: OptOutChange[] = [];
  const record = input === undefined ? undefined : normalize(input, options, problems, optOuts);
  if (record === undefined || problems.length > 0) {
    return { ok: false, problems, reason: problemsText(problems) };
  }
  return { ok: true, record, optOuts };
}

/** The record, or undefined with its problems added to `problems`. */
function normalize(
  input: Record<string, unknown>,
  options: NormalizeOptions,
  problems: Problem[],
  optOuts: OptOutChange[],
): CustomerRecord | undefined {
  const id = attempt(problems, () => customerId(input.customer_id));
  const name = attempt(problems, () => displayName(input.display_name));
  // Built in Frontline's field order, absent fields omitted, so equal records serialize to equal JSON.
  const customer: Customer = { customer_id: id ?? '', display_name: name ?? '' };
  const avatar = attempt(problems, () => normalizeAvatar(input.avatar));
  if (avatar !== undefined) customer.avatar = avatar;
  const channels = normalizeChannels(input.channels, options.defaultCountry, problems, optOuts);
  if (channels !== undefined) customer.channels = channels;
  const links = normalizeLinks(input.links, problems);
  if (links !== undefined) customer.links = links;
  const details = normalizeDetails(input.details, problems);
  if (details !== undefined) customer.details = details;
  const workers = normalizeWorkers(input.workers, input.worker, problems);
  const source = attempt(problems, () => recordSource(input.source));
  // The whole-record check comes last. With fields refused, what the valid ones take is already a lower bound.
  attempt(problems, () => checkSize(customer, problems.length === 0));
  if (problems.length > 0) return undefined;
  return source === undefined ? { ...customer, workers } : { ...customer, workers, source };
}

// A record without `source` is the CRM's (an import, a PUT that omits it): that is how the CRM adopts a customer.
function recordSource(value: unknown): RecordSource | undefined {
  if (isAbsent(value)) return undefined;
  const text = expectString(value, 'source');
  if (!(RECORD_SOURCES as readonly string[]).includes(text))
    invalid('source', `must be ${RECORD_SOURCES.map((s) => `"${s}"`).join(' or ')}, or absent`);
  return text as RecordSource;
}

function checkSize(customer: Customer, complete: boolean): void {
  const bytes = Buffer.byteLength(JSON.stringify(customer));
  if (bytes <= MAX_CUSTOMER_BYTES) return;
  invalid(
    'record',
    `${complete ? '' : 'at least '}${bytes} bytes as JSON, at most ${MAX_CUSTOMER_BYTES} (Frontline caps a response at 64 KB)`,
  );
}

/**
 * The customer_id of a raw record, read as normalizeRecord reads it, even when the rest of the record is invalid;
 * undefined when it has no valid one. A replace keeps the customer of an invalid row through this.
 */
export function customerIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  try {
    return customerId((raw as Record<string, unknown>).customer_id);
  } catch (error) {
    if (error instanceof InvalidField) return undefined;
    throw error;
  }
}

function customerId(value: unknown): string {
  // Spreadsheets and JSON exports often hold numeric ids; an integer has one obvious text form, a float does not.
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    invalid('customer_id', `${kindOf(value)} is not an integer; write it as text`);
  }
  return identifier(value, 'customer_id', MAX_CUSTOMER_ID);
}

function displayName(value: unknown): string {
  const name = oneLine(value, 'display_name', MAX_DISPLAY_NAME);
  if (name === '') invalid('display_name', 'empty');
  return name;
}

function normalizeDetails(value: unknown, problems: Problem[]): Details | undefined {
  if (isAbsent(value)) return undefined;
  const input = attempt(problems, () => expectObject(value, 'details', ['title', 'content'], problems));
  if (input === undefined) return undefined;
  const title = attempt(problems, () =>
    isAbsent(input.title) ? '' : oneLine(input.title, 'details.title', MAX_DETAILS_TITLE),
  );
  const content = attempt(problems, () => detailsContent(input.content));
  if (title === undefined || content === undefined) return undefined;
  return title === '' && content === '' ? undefined : { title, content };
}

function detailsContent(value: unknown): string {
  const text = isAbsent(value) ? '' : expectString(value, 'details.content');
  const content = text.replace(/\r\n?/g, '\n');
  checkNoControl(content, 'details.content', { multiline: true });
  checkMaxLength(content, 'details.content', MAX_DETAILS_CONTENT);
  return content;
}

/** Each identity is checked on its own; a list of both good and bad ones reports each bad one. */
function normalizeWorkers(workers: unknown, worker: unknown, problems: Problem[]): string[] {
  if (!isAbsent(workers) && !isAbsent(worker)) {
    problems.push({ field: 'worker', text: 'give either workers or worker, not both' });
    return [];
  }
  const given = isAbsent(worker) ? workers : [worker];
  if (isAbsent(given)) return [];
  const field = isAbsent(worker) ? 'workers' : 'worker';
  const items = attempt(problems, () => expectArray(given, field));
  if (items === undefined) return [];
  const identities: string[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const where = isAbsent(worker) ? `workers[${index}]` : 'worker';
    const identity = attempt(problems, () => identifier(item, where, MAX_WORKER));
    if (identity === undefined) return;
    // Identities match case-insensitively (see workerKey); the first spelling is kept for a lossless export.
    const key = workerKey(identity);
    if (seen.has(key)) return;
    seen.add(key);
    identities.push(identity);
  });
  if (identities.length > MAX_WORKERS) {
    problems.push({ field, text: `${identities.length} workers, at most ${MAX_WORKERS}` });
  }
  return identities;
}
