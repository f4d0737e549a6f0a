// Location=CreateCustomer on the CRM callback (CRM_ALLOW_CREATE=true): a rep adds a customer from the Frontline app,
// as Twilio's Airtable quickstart does: `DisplayName`, `Channels` (a JSON array of { type, value }) and `Worker`.
// The record follows the import's field rules and is written like the directory API's PUT (new-customer.ts); the
// answer is the details shape, { objects: { customer } }, which the app opens.
import type { FastifyBaseLogger } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import { channelAddress } from '../directory/address.ts';
import type { Channel, Customer, CustomerRecord } from '../directory/customer.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { workerKey } from '../directory/text-key.ts';
import { AppError } from '../errors.ts';
import { isoSeconds, newCustomerRecord, writeNewCustomer } from './new-customer.ts';
import type { CallbackForm } from './schemas.ts';
import { textField } from './schemas.ts';
import { strangerId } from './stranger.ts';

/** Fields that would name whom the customer belongs to: only the signed caller (Worker) may be that. */
const ASSIGNEE_FIELDS = ['Workers', 'worker', 'workers', 'Owner', 'AssignTo'];
const MAX_CHANNELS_TEXT = 16_384;

export interface CreateCustomerDeps {
  store: CustomerStore;
  defaultCountry: CountryCode | undefined;
  now?: () => Date;
}

function channelsOf(form: CallbackForm): unknown {
  const text = textField(form, 'Channels');
  if (text === undefined)
    throw new AppError('bad_request', 'Channels is required: a JSON array of { "type", "value" }');
  if (text.length > MAX_CHANNELS_TEXT)
    throw new AppError('bad_request', `Channels is longer than ${MAX_CHANNELS_TEXT} characters`);
  let channels: unknown;
  try {
    channels = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'Channels is not JSON: send a JSON array of { "type", "value" }');
  }
  if (!Array.isArray(channels) || channels.length === 0)
    throw new AppError('bad_request', 'Channels must be a JSON array of at least one { "type", "value" }');
  // A channel's type and value only: an opt-out (opted_out_at) is the customer's word, never a rep's to set or clear.
  return channels.map((channel: unknown) =>
    channel !== null && typeof channel === 'object' && !Array.isArray(channel)
      ? { type: (channel as { type?: unknown }).type, value: (channel as { value?: unknown }).value }
      : channel,
  );
}

const customerExists = () =>
  new AppError('customer_exists', 'A customer with one of these channels already exists');
const assignedTo = (record: CustomerRecord, worker: string) =>
  record.workers.some((w) => workerKey(w) === workerKey(worker));

/**
 * The one customer of this rep that already has these channels (any of them); 'taken' when another customer has
 * one, or several do: a new customer never shares an address with an existing one. null when none has any.
 */
async function customerWithChannels(
  store: CustomerStore,
  channels: readonly Channel[],
  worker: string,
): Promise<CustomerRecord | 'taken' | null> {
  let own: CustomerRecord | null = null;
  for (const channel of channels) {
    const found = await store.findByAddress(channelAddress(channel));
    if (found === null) continue;
    if (!assignedTo(found, worker) || (own !== null && own.customer_id !== found.customer_id)) return 'taken';
    own = found;
  }
  return own;
}

/** Customer as Frontline shows it; throws AppError (4xx) for whatever the form gets wrong, writing nothing. */
export async function createCustomer(
  form: CallbackForm,
  { store, defaultCountry, now = () => new Date() }: CreateCustomerDeps,
  log: FastifyBaseLogger,
): Promise<Customer> {
  const worker = form.Worker;
  const named = ASSIGNEE_FIELDS.find((field) => Object.hasOwn(form, field));
  if (named !== undefined)
    throw new AppError(
      'forbidden',
      `A rep creates customers for themselves only: the customer goes to the signed Worker, and ${named} is refused`,
    );
  const at = isoSeconds(now());
  const body = {
    display_name: form.DisplayName,
    channels: channelsOf(form),
    details: { title: 'New contact', content: `Created in Frontline on ${at}; not in the CRM yet.` },
    workers: [worker],
    source: 'inbound',
  };
  // Normalized once under a stand-in id to learn the channels as stored. The first one's key gives the real id, the
  // one a stranger's message from that address would get, so neither path can make a second customer of one address.
  const record = newCustomerRecord(body, 'new', defaultCountry);
  const channels = record.channels ?? [];
  const [first] = channels;
  if (first === undefined) throw new AppError('bad_request', 'Channels must hold at least one channel');
  const context = { event: 'crm', location: 'CreateCustomer' };
  const known = await customerWithChannels(store, channels, worker);
  if (known === 'taken') {
    log.info({ ...context, outcome: 'customer_exists' }, 'a customer already has one of these channels');
    throw customerExists();
  }
  // The caller's own customer (a second tap, a retry): answered as it is, nothing written.
  const address = channelAddress(first);
  const outcome =
    known === null
      ? await writeNewCustomer(store, { ...record, customer_id: strangerId(address) })
      : { kind: 'existing' as const, record: known };
  if (outcome.kind === 'gone' || (outcome.kind === 'existing' && !assignedTo(outcome.record, worker)))
    throw customerExists();
  log.info({ ...context, outcome: outcome.kind }, 'customer created from Frontline');
  const { workers: _workers, source: _source, ...customer } = outcome.record;
  return customer;
}
