// The outgoing-conversation and templates callbacks, when their URLs are given: the shapes the protocol documents
// (`{"proxy_address"}`; a top-level array of `{display_name, templates: [{content, whatsAppApproved?}]}`).

import type { CheckContext } from './check-context.ts';
import { answered, type CheckResult, fail, isSuccess, pass, plural, warn } from './check-result.ts';
import { type Details, E164 } from './details-checks.ts';
import { isObject } from './list-page.ts';

/** The first sample customer with an sms or whatsapp channel: the only kinds an outgoing conversation can use. */
function phoneChannel(sample: Details[]): { id: string; type: string; value: string } | undefined {
  for (const { id, customer } of sample) {
    const channels = Array.isArray(customer?.channels) ? customer.channels : [];
    for (const channel of channels)
      if (
        isObject(channel) &&
        (channel.type === 'sms' || channel.type === 'whatsapp') &&
        typeof channel.value === 'string'
      )
        return { id, type: channel.type, value: channel.value };
  }
  return undefined;
}

export async function outgoingCheck(
  context: CheckContext,
  worker: string,
  sample: Details[],
): Promise<CheckResult> {
  const name = 'outgoing';
  const url = context.options.outgoingUrl as string;
  const channel = phoneChannel(sample);
  if (channel === undefined) return warn(name, 'not run: no sampled customer has an sms or whatsapp channel');
  const fields = {
    Location: 'GetProxyAddress',
    Worker: worker,
    CustomerId: channel.id,
    ChannelType: channel.type,
    ChannelValue: channel.value,
  };
  const exchange = await context.client.post(url, fields, `GetProxyAddress as ${worker}, ${channel.type}`);
  if (exchange.status === 403)
    return warn(name, `${channel.id} by ${channel.type}: 403, no number for this channel`);
  const body = exchange.json;
  if (!isSuccess(exchange) || !isObject(body))
    return fail(name, `${channel.id} by ${channel.type}: ${answered(exchange)}`);
  const proxy = body.proxy_address;
  if (typeof proxy !== 'string') return fail(name, 'no string proxy_address');
  const whatsapp = channel.type === 'whatsapp';
  const number = whatsapp ? proxy.replace(/^whatsapp:/, '') : proxy;
  if (!E164.test(number) || whatsapp !== proxy.startsWith('whatsapp:'))
    return fail(
      name,
      `proxy_address for ${channel.type} is not ${whatsapp ? 'whatsapp:+E164' : 'E.164'} (error 48026/48029)`,
    );
  if (proxy === channel.value) return fail(name, "proxy_address is the customer's own address (error 48027)");
  return pass(
    name,
    `${channel.id} by ${channel.type}: proxy_address in ${whatsapp ? 'whatsapp:+E164' : 'E.164'}`,
  );
}

export async function templatesCheck(
  context: CheckContext,
  worker: string,
  customerId: string | undefined,
): Promise<CheckResult> {
  const name = 'templates';
  const url = context.options.templatesUrl as string;
  if (customerId === undefined) return warn(name, 'not run: no listed customer');
  const fields = {
    Location: 'GetTemplatesByCustomerId',
    Worker: worker,
    CustomerId: customerId,
    ConversationSid: `CH${'0'.repeat(32)}`,
  };
  const exchange = await context.client.post(url, fields, `GetTemplatesByCustomerId as ${worker}`);
  const body = exchange.json;
  if (!isSuccess(exchange) || body === undefined) return fail(name, `${customerId}: ${answered(exchange)}`);
  if (!Array.isArray(body)) return fail(name, 'the answer is not a top-level array of categories');
  let templates = 0;
  for (const [index, category] of body.entries()) {
    if (
      !isObject(category) ||
      typeof category.display_name !== 'string' ||
      !Array.isArray(category.templates)
    )
      return fail(name, `category ${index + 1} is not {display_name, templates: [...]}`);
    for (const template of category.templates) {
      if (!isObject(template) || typeof template.content !== 'string')
        return fail(name, `category ${index + 1}: a template without string content`);
      if (template.whatsAppApproved !== undefined && typeof template.whatsAppApproved !== 'boolean')
        return fail(name, `category ${index + 1}: whatsAppApproved is not a boolean`);
      templates += 1;
    }
  }
  if (templates === 0) return warn(name, `${customerId}: no template offered`);
  return pass(
    name,
    `${customerId}: ${plural(body.length, 'category', 'categories')}, ${plural(templates, 'template')}`,
  );
}
