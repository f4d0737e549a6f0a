// GetCustomerDetailsByCustomerId: the full Customer for listed customers (channels in E.164, links and avatars
// absolute URLs), and an unknown id answered with a 4xx: not a 5xx, a hang or a reset, and the service still up.
import type { Exchange } from './callback-client.ts';
import type { CheckContext } from './check-context.ts';
import {
  answered,
  type CheckResult,
  fail,
  isClientError,
  isSuccess,
  pass,
  plural,
  warn,
} from './check-result.ts';
import { isObject } from './list-page.ts';

export const E164 = /^\+[1-9]\d{1,14}$/;

export interface Details {
  id: string;
  exchange: Exchange;
  customer: Record<string, unknown> | undefined;
}

export function customerOf(exchange: Exchange): Record<string, unknown> | undefined {
  if (!isSuccess(exchange)) return undefined;
  const body = exchange.json;
  return isObject(body) && isObject(body.objects) && isObject(body.objects.customer)
    ? body.objects.customer
    : undefined;
}

export async function fetchDetails(context: CheckContext, worker: string, ids: string[]): Promise<Details[]> {
  const all: Details[] = [];
  for (const id of ids) {
    const exchange = await context.details(worker, id, 'a listed customer');
    all.push({ id, exchange, customer: customerOf(exchange) });
  }
  return all;
}

export function listedCheck(sample: Details[]): CheckResult {
  const name = 'details.listed';
  if (sample.length === 0) return warn(name, 'not run: no listed customer');
  for (const { id, exchange, customer } of sample) {
    if (customer === undefined)
      return fail(name, `${id}: ${isSuccess(exchange) ? 'no objects.customer object' : answered(exchange)}`);
    if (customer.customer_id !== id)
      return fail(name, `${id}: objects.customer.customer_id is ${JSON.stringify(customer.customer_id)}`);
    if (typeof customer.display_name !== 'string' || customer.display_name === '')
      return fail(name, `${id}: no string display_name`);
  }
  return pass(
    name,
    `${plural(sample.length, 'listed customer')}: objects.customer with its customer_id and display_name`,
  );
}

/** Why a channel cannot start a conversation, or undefined when it can (or is a type the app only shows). */
export function channelProblem(channel: unknown): string | undefined {
  if (!isObject(channel) || typeof channel.type !== 'string' || typeof channel.value !== 'string')
    return 'a channel without string type and value';
  if (channel.type === 'sms' && !E164.test(channel.value)) return 'an sms value not in E.164 (+15558675310)';
  if (
    channel.type === 'whatsapp' &&
    !(channel.value.startsWith('whatsapp:') && E164.test(channel.value.slice(9)))
  )
    return 'a whatsapp value not whatsapp:+E164';
  return undefined;
}

export function channelsCheck(sample: Details[]): CheckResult {
  const name = 'details.channels';
  let count = 0;
  for (const { id, customer } of sample) {
    if (customer === undefined || customer.channels === undefined) continue;
    if (!Array.isArray(customer.channels)) return fail(name, `${id}: channels is not an array`);
    for (const channel of customer.channels) {
      const problem = channelProblem(channel);
      if (problem !== undefined) return fail(name, `${id}: ${problem}`);
      count += 1;
    }
  }
  if (count === 0)
    return warn(
      name,
      `no channel in ${plural(sample.length, 'customer')}: nothing to start a conversation on`,
    );
  return pass(
    name,
    `${plural(count, 'channel')} in ${plural(sample.length, 'customer')}: sms and whatsapp ones in E.164`,
  );
}

/** Frontline web opens only https: and mailto: links; an avatar is fetched by the phone, so it must be absolute. */
export function urlsCheck(sample: Details[]): CheckResult {
  const name = 'details.urls';
  let count = 0;
  const plain: string[] = [];
  for (const { id, customer } of sample) {
    if (customer === undefined) continue;
    if (customer.avatar !== undefined) {
      count += 1;
      if (typeof customer.avatar !== 'string' || !/^https?:$/.test(protocolOf(customer.avatar)))
        return fail(name, `${id}: the avatar is not an absolute http(s) URL`);
    }
    if (customer.links === undefined) continue;
    if (!Array.isArray(customer.links)) return fail(name, `${id}: links is not an array`);
    for (const link of customer.links) {
      count += 1;
      if (!isObject(link) || typeof link.value !== 'string' || typeof link.type !== 'string')
        return fail(name, `${id}: a link without string type and value`);
      const protocol = protocolOf(link.value);
      if (protocol === '') return fail(name, `${id}: a link that is not an absolute URL`);
      if (protocol !== 'https:' && protocol !== 'mailto:') plain.push(`${id} (${protocol})`);
    }
  }
  if (plain.length > 0)
    return warn(
      name,
      `links Frontline web will not open (only https: and mailto:): ${plain.slice(0, 3).join(', ')}`,
    );
  if (count === 0) return pass(name, `no avatar or link in ${plural(sample.length, 'customer')}`);
  return pass(name, `${plural(count, 'avatar and link URL')}: all absolute`);
}

function protocolOf(value: string): string {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
}

/** An id nobody has, then a list request: the integration must refuse the one and still answer the other. */
export async function unknownIdCheck(context: CheckContext, worker: string): Promise<CheckResult> {
  const name = 'details.unknown';
  const exchange = await context.details(worker, 'frontline-check-no-such-customer', 'an unknown CustomerId');
  const after = await context.list(worker, { PageSize: '1' }, 'after the unknown CustomerId');
  const up = after.page === undefined ? `, and then the list ${after.problem}` : '';
  if (isClientError(exchange) && up === '')
    return pass(name, `${answered(exchange)}; the list still answers`);
  if (isSuccess(exchange)) return fail(name, `${answered(exchange)} for an id nobody has${up}`);
  return fail(name, `${answered(exchange)}, not a 4xx${up}`);
}
