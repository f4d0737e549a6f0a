// The signing proxy: a page's request becomes the app's form, signed with the auth token by the `frontline check`
// client, posted to the target, and judged by the check rules (call-problems.ts). The answer the page gets holds the
// form, the exchange and the problems: never the token or the signature.

import { type CallbackClient, callbackClient, type Exchange } from '../check/callback-client.ts';
import { checkContext } from '../check/check-context.ts';
import type { CheckResult } from '../check/check-result.ts';
import { outgoingCheck, templatesCheck } from '../check/other-callbacks.ts';
import { BUDGET_MS, detailsProblems, listProblems, transportProblems } from './call-problems.ts';
import type { CallRequest } from './call-schema.ts';

export interface Target {
  crmUrl: string;
  outgoingUrl: string | undefined;
  templatesUrl: string | undefined;
}

export interface CallRecord {
  operation: CallRequest['operation'];
  url: string;
  form: Record<string, string>;
  exchange: Omit<Exchange, 'label'>;
  problems: CheckResult[];
}

/** A request the target cannot be asked: a field the form needs is missing, or the callback is not configured. */
export class CallRefused extends Error {}

const need = (value: string | undefined, field: string): string => {
  if (value === undefined) throw new CallRefused(`${field} is required for this operation`);
  return value;
};

export async function proxyCall(target: Target, authToken: string, call: CallRequest): Promise<CallRecord> {
  const inner = callbackClient({ authToken, timeoutMs: BUDGET_MS, graceMs: 2000 });
  // The form as it went out, kept for the panel: the check client keeps exchanges, not what was sent.
  let sentForm: { url: string; fields: Record<string, string> } | undefined;
  const client: CallbackClient = {
    exchanges: inner.exchanges,
    post(url, fields, label, signing) {
      sentForm = { url, fields };
      return inner.post(url, fields, label, signing);
    },
  };
  const context = checkContext(
    {
      crmUrl: target.crmUrl,
      workers: [call.worker],
      authToken,
      outgoingUrl: target.outgoingUrl,
      templatesUrl: target.templatesUrl,
      timeoutMs: BUDGET_MS,
      maxCustomers: 1,
      pageSize: call.pageSize ?? 30,
    },
    client,
  );
  let problems: CheckResult[] = [];
  if (call.operation === 'list') {
    const fields: Record<string, string> = { PageSize: String(call.pageSize ?? 30) };
    if (call.nextPageToken !== undefined) fields.NextPageToken = call.nextPageToken;
    if (call.anchor !== undefined) fields.Anchor = call.anchor;
    if (call.query !== undefined) fields.Query = call.query;
    const answer = await context.list(call.worker, fields, 'simulator');
    problems = listProblems(answer.exchange, call.pageSize ?? 30);
  } else if (call.operation === 'details') {
    const customerId = need(call.customerId, 'customerId');
    problems = detailsProblems(await context.details(call.worker, customerId, 'simulator'), customerId);
  } else if (call.operation === 'outgoing') {
    need(target.outgoingUrl, 'an outgoing callback URL (--outgoing-url)');
    const id = need(call.customerId, 'customerId');
    const type = need(call.channelType, 'channelType');
    const value = need(call.channelValue, 'channelValue');
    // outgoingCheck reads only the sample's id and channels: the one channel the rep picked.
    const picked = {
      id,
      exchange: undefined as unknown as Exchange,
      customer: { channels: [{ type, value }] },
    };
    const result = await outgoingCheck(context, call.worker, [picked]);
    problems = result.outcome === 'pass' ? [] : [result];
  } else {
    need(target.templatesUrl, 'a templates callback URL (--templates-url)');
    const result = await templatesCheck(context, call.worker, need(call.customerId, 'customerId'));
    problems = result.outcome === 'pass' ? [] : [result];
  }
  const [sent] = inner.exchanges;
  if (sent === undefined || sentForm === undefined) throw new CallRefused('nothing was sent');
  const { label: _label, ...exchange } = sent;
  return {
    operation: call.operation,
    url: sentForm.url,
    form: sentForm.fields,
    exchange,
    problems: [...problems, ...transportProblems(sent)],
  };
}
