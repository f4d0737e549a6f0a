// The callbacks each scenario sends, as Frontline sends them: form bodies signed over the URL the server sees,
// spread over many workers and customers. All are built before the clock starts, so the load generator only writes
// bytes.
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import type { BookSample, FragmentLength, SampledCustomer } from './sample.ts';

export type Fields = Record<string, string>;

export interface SignedRequest {
  fields: Fields;
  body: string;
  signature: string;
}

const PAGE_SIZE = '30';

export function sign(url: string, authToken: string, fields: Fields): SignedRequest {
  return {
    fields,
    body: new URLSearchParams(fields).toString(),
    signature: twilioWebhooks.getExpectedTwilioSignature(authToken, url, fields),
  };
}

function take<T, R>(items: readonly T[], count: number, make: (item: T, index: number) => R): R[] {
  if (items.length === 0) return [];
  return Array.from({ length: count }, (_, index) => make(items[index % items.length] as T, index));
}

export function firstPages(sample: BookSample, count: number): Fields[] {
  return take(sample.workers, Math.min(count, sample.workers.length), (worker) => ({
    Location: 'GetCustomersList',
    Worker: worker,
    PageSize: PAGE_SIZE,
  }));
}

export function details(sample: BookSample, count: number): Fields[] {
  return take(sample.customers, Math.min(count, sample.customers.length), (customer) => ({
    Location: 'GetCustomerDetailsByCustomerId',
    Worker: customer.worker,
    CustomerId: customer.customerId,
  }));
}

/** GetProxyAddress for a customer the worker has, by SMS (the bench's server has TWILIO_SMS_NUMBER). */
export function proxyAddresses(sample: BookSample, count: number): Fields[] {
  return details(sample, count).map(({ Worker, CustomerId }) => ({
    Location: 'GetProxyAddress',
    Worker: Worker as string,
    CustomerId: CustomerId as string,
    ChannelType: 'sms',
  }));
}

/** GetTemplatesByCustomerId for a customer the worker has (the server has examples/templates.yaml). */
export function templateRequests(sample: BookSample, count: number): Fields[] {
  return details(sample, count).map(({ Worker, CustomerId }) => ({
    Location: 'GetTemplatesByCustomerId',
    Worker: Worker as string,
    CustomerId: CustomerId as string,
  }));
}

/** Conversations' onConversationAdd from a customer's phone: a lookup by address, the conversation named. */
export function conversationAdds(sample: BookSample, count: number): Fields[] {
  const withPhone = sample.customers.filter((customer) => customer.phone !== undefined);
  return take(withPhone, Math.min(count, withPhone.length), (customer, index) => ({
    EventType: 'onConversationAdd',
    ConversationSid: `CH${String(index).padStart(32, '0')}`,
    'MessagingBinding.Address': customer.phone as string,
    Source: 'SDK',
  }));
}

/**
 * A query that matches one customer or a few: their phone number as a rep types it without the country code
 * ("212 555 0199"), or the local part of their e-mail address.
 */
function rareQuery(customer: SampledCustomer, index: number): string {
  const local = customer.email?.split('@')[0];
  if (local !== undefined && (index % 2 === 1 || customer.phone === undefined)) return local;
  const digits = (customer.phone ?? '').replace(/\D/g, '').slice(-10);
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

export function rareSearches(sample: BookSample, count: number): Fields[] {
  return take(sample.customers, Math.min(count, sample.customers.length), (customer, index) => ({
    Location: 'GetCustomersList',
    Worker: customer.worker,
    PageSize: PAGE_SIZE,
    Query: rareQuery(customer, index),
  }));
}

/** A 3-letter fragment many names share, each worker with a different one in turn. */
export function commonSearches(sample: BookSample, count: number): Fields[] {
  const fragments = sample.commonFragments;
  return take(sample.workers, Math.min(count, sample.workers.length * fragments.length), (worker, index) => ({
    Location: 'GetCustomersList',
    Worker: worker,
    PageSize: PAGE_SIZE,
    Query: fragments[index % fragments.length] as string,
  }));
}

/** Fragments of one length, common or rare (sample.ts), each worker with a different one in turn. */
export function fragmentSearches(kind: 'common' | 'rare', length: FragmentLength) {
  return (sample: BookSample, count: number): Fields[] => {
    const fragments = sample.fragments[length][kind];
    return take(
      sample.workers,
      Math.min(count, sample.workers.length * fragments.length),
      (worker, index) => ({
        Location: 'GetCustomersList',
        Worker: worker,
        PageSize: PAGE_SIZE,
        Query: fragments[index % fragments.length] as string,
      }),
    );
  };
}

/**
 * Second pages: each worker's first page is fetched (a few at a time) for its real NextPageToken. Workers whose
 * customers fit on one page have none and are left out.
 */
export async function laterPages(
  url: string,
  authToken: string,
  firstPageFields: Fields[],
): Promise<Fields[]> {
  const pages: Fields[] = [];
  let next = 0;
  const fetchOne = async () => {
    for (let fields = firstPageFields[next++]; fields !== undefined; fields = firstPageFields[next++]) {
      const page = await post(url, sign(url, authToken, fields));
      const token = (page as { objects?: { next_page_token?: string } }).objects?.next_page_token;
      if (token !== undefined) pages.push({ ...fields, NextPageToken: token });
    }
  };
  await Promise.all(Array.from({ length: 8 }, fetchOne));
  return pages;
}

/**
 * Later pages by Anchor, as the app pages an integration that gives no token: each worker's first page is fetched
 * for its last customer_id. Workers whose customers fit on one page are left out.
 */
export async function anchoredPages(
  url: string,
  authToken: string,
  firstPageFields: Fields[],
): Promise<Fields[]> {
  const pages = await laterPages(url, authToken, firstPageFields);
  const anchored: Fields[] = [];
  for (const { NextPageToken: _token, ...fields } of pages) {
    const page = (await post(url, sign(url, authToken, fields))) as {
      objects: { customers: { customer_id: string }[] };
    };
    const last = page.objects.customers.at(-1);
    if (last !== undefined) anchored.push({ ...fields, Anchor: last.customer_id });
  }
  return anchored;
}

/** One request outside the load, with its answer; a non-2xx is an error, since a scenario must not measure those. */
export async function post(url: string, request: SignedRequest): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': request.signature,
    },
    body: request.body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${request.fields.Location} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}
