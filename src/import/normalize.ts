// One import line → a CustomerRecord Frontline can use as is, or the reason it cannot. The output is a fixed point:
// normalizing a normalized record returns an identical record, which is what makes export → import lossless.
import type { CountryCode } from 'libphonenumber-js';
import type { Customer, CustomerRecord, Details } from '../directory/customer.ts';
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

export interface NormalizeOptions {
  /** The country of numbers written without +country code; without it such numbers are rejected. */
  defaultCountry?: CountryCode;
}

export type NormalizeResult = { ok: true; record: CustomerRecord } | { ok: false; reason: string };

const FIELDS = ['customer_id', 'display_name', 'avatar', 'channels', 'links', 'details', 'workers', 'worker'];
const MAX_CUSTOMER_ID = 256;
const MAX_DISPLAY_NAME = 200;
const MAX_DETAILS_TITLE = 200;
const MAX_DETAILS_CONTENT = 30_000;
const MAX_WORKER = 256;
const MAX_WORKERS = 1000;
// Frontline caps a callback response at 64 KB; this leaves room for the details response's envelope.
const MAX_CUSTOMER_BYTES = 60_000;

export function normalizeRecord(raw: unknown, options: NormalizeOptions): NormalizeResult {
  try {
    return { ok: true, record: normalize(raw, options) };
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, reason: error.message };
    throw error;
  }
}

function normalize(raw: unknown, options: NormalizeOptions): CustomerRecord {
  const input = expectObject(raw, '', FIELDS);
  // Built in Frontline's field order, absent fields omitted, so equal records serialize to equal JSON.
  const customer: Customer = {
    customer_id: customerId(input.customer_id),
    display_name: displayName(input.display_name),
  };
  const avatar = normalizeAvatar(input.avatar);
  if (avatar !== undefined) customer.avatar = avatar;
  const channels = normalizeChannels(input.channels, options.defaultCountry);
  if (channels !== undefined) customer.channels = channels;
  const links = normalizeLinks(input.links);
  if (links !== undefined) customer.links = links;
  const details = normalizeDetails(input.details);
  if (details !== undefined) customer.details = details;
  const workers = normalizeWorkers(input.workers, input.worker);
  const bytes = Buffer.byteLength(JSON.stringify(customer));
  if (bytes > MAX_CUSTOMER_BYTES) {
    invalid(
      'record',
      `${bytes} bytes as JSON, at most ${MAX_CUSTOMER_BYTES} (Frontline caps a response at 64 KB)`,
    );
  }
  return { ...customer, workers };
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

function normalizeDetails(value: unknown): Details | undefined {
  if (isAbsent(value)) return undefined;
  const input = expectObject(value, 'details', ['title', 'content']);
  const title = isAbsent(input.title) ? '' : oneLine(input.title, 'details.title', MAX_DETAILS_TITLE);
  const text = isAbsent(input.content) ? '' : expectString(input.content, 'details.content');
  const content = text.replace(/\r\n?/g, '\n');
  checkNoControl(content, 'details.content', { multiline: true });
  checkMaxLength(content, 'details.content', MAX_DETAILS_CONTENT);
  return title === '' && content === '' ? undefined : { title, content };
}

function normalizeWorkers(workers: unknown, worker: unknown): string[] {
  if (!isAbsent(workers) && !isAbsent(worker)) invalid('worker', 'give either workers or worker, not both');
  const given = isAbsent(worker) ? workers : [worker];
  if (isAbsent(given)) return [];
  const field = isAbsent(worker) ? 'workers' : 'worker';
  const identities: string[] = [];
  const seen = new Set<string>();
  expectArray(given, field).forEach((item, index) => {
    const identity = identifier(item, isAbsent(worker) ? `workers[${index}]` : 'worker', MAX_WORKER);
    // Identities match case-insensitively (see workerKey); the first spelling is kept for a lossless export.
    const key = workerKey(identity);
    if (seen.has(key)) return;
    seen.add(key);
    identities.push(identity);
  });
  if (identities.length > MAX_WORKERS) invalid(field, `${identities.length} workers, at most ${MAX_WORKERS}`);
  return identities;
}
