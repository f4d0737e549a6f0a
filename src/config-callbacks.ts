// The settings of the callbacks beside the CRM one: the Conversations API account, the business numbers, the
// templates file and the routing fallback. A missing one only turns its callback off (it answers 503
// not_configured); a malformed one stops the start like every other setting, naming the variable.

import { type CustomerCreationSettings, customerCreationSettings } from './config-customers.ts';
import { type OptOutKeywords, optOutKeywords } from './config-opt-outs.ts';
import { type RoutingSettings, routingSettings } from './config-routing.ts';
import { type Env, fail, list } from './config-values.ts';
import { toE164 } from './directory/phone.ts';
import { workerKey } from './directory/text-key.ts';

export type ProxyChannel = 'sms' | 'whatsapp';
/** A business number per channel, as Frontline wants it: `+15005550006`, `whatsapp:+14155238886`. */
export type ProxyNumbers = Partial<Record<ProxyChannel, string>>;

export interface ProxySettings {
  byChannel: ProxyNumbers;
  /** Keyed by workerKey (identities match case-insensitively); wins over byChannel for that worker and channel. */
  byWorker: ReadonlyMap<string, ProxyNumbers>;
}

export type RoutingFallback =
  | { kind: 'none' }
  | { kind: 'default'; worker: string }
  | { kind: 'round_robin'; workers: readonly string[] };

export interface CallbackSettings {
  accountSid: string | undefined;
  proxy: ProxySettings;
  templatesFile: string | undefined;
  routingFallback: RoutingFallback;
  routing: RoutingSettings;
  /** OPT_OUT_KEYWORDS, OPT_IN_KEYWORDS: what onMessageAdded reads as STOP and START. */
  optOutKeywords: OptOutKeywords;
  /** Customers created from Frontline: see config-customers.ts. */
  creation: CustomerCreationSettings;
}

const MAX_IDENTITY = 256;

function accountSid(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^AC[0-9a-fA-F]{32}$/.test(raw))
    fail('TWILIO_ACCOUNT_SID', 'must be AC followed by 32 hexadecimal digits (Console > Account Info)');
  return raw;
}

// Numbers are written in full (+country): a business number guessed from DEFAULT_COUNTRY would be a wrong sender.
function proxyNumber(raw: string, variable: string): { channel: ProxyChannel; address: string } {
  const text = raw.trim();
  const whatsapp = /^whatsapp:/i.test(text);
  const digits = text.replace(/^whatsapp:/i, '').trim();
  const phone = toE164(digits, undefined);
  if (!digits.startsWith('+') || !phone.ok)
    fail(variable, `must hold phone numbers written +<country code><number> (got "${raw}")`);
  return whatsapp
    ? { channel: 'whatsapp', address: `whatsapp:${phone.e164}` }
    : { channel: 'sms', address: phone.e164 };
}

function identity(raw: string, variable: string): string {
  const text = raw.trim();
  if (text === '' || text.length > MAX_IDENTITY)
    fail(variable, `must hold worker identities of 1 to ${MAX_IDENTITY} characters`);
  return text;
}

function proxySettings(env: Env): ProxySettings {
  const byChannel: ProxyNumbers = {};
  if (env.TWILIO_SMS_NUMBER) {
    const sms = proxyNumber(env.TWILIO_SMS_NUMBER, 'TWILIO_SMS_NUMBER');
    if (sms.channel !== 'sms') fail('TWILIO_SMS_NUMBER', 'must be a number without the whatsapp: prefix');
    byChannel.sms = sms.address;
  }
  if (env.TWILIO_WHATSAPP_NUMBER) {
    // Both spellings are accepted: the console shows the number bare, Frontline wants it prefixed.
    const bare = env.TWILIO_WHATSAPP_NUMBER.replace(/^\s*whatsapp:/i, '');
    byChannel.whatsapp = `whatsapp:${proxyNumber(bare, 'TWILIO_WHATSAPP_NUMBER').address}`;
  }
  const byWorker = new Map<string, ProxyNumbers>();
  for (const entry of list(env.TWILIO_WORKER_NUMBERS)) {
    const at = entry.lastIndexOf('=');
    if (at < 0)
      fail('TWILIO_WORKER_NUMBERS', `must be a comma-separated list of identity=number (got "${entry}")`);
    const key = workerKey(identity(entry.slice(0, at), 'TWILIO_WORKER_NUMBERS'));
    const { channel, address } = proxyNumber(entry.slice(at + 1), 'TWILIO_WORKER_NUMBERS');
    const numbers = byWorker.get(key) ?? {};
    if (numbers[channel] !== undefined)
      fail('TWILIO_WORKER_NUMBERS', `gives one worker two ${channel} numbers ("${entry.trim()}")`);
    byWorker.set(key, { ...numbers, [channel]: address });
  }
  return { byChannel, byWorker };
}

function routingFallback(env: Env): RoutingFallback {
  const single = env.ROUTING_DEFAULT_WORKER?.trim() || undefined;
  const many = list(env.ROUTING_WORKERS).map((worker) => identity(worker, 'ROUTING_WORKERS'));
  if (single !== undefined && many.length > 0)
    fail('ROUTING_WORKERS', 'cannot be set together with ROUTING_DEFAULT_WORKER: choose one fallback');
  if (single !== undefined) return { kind: 'default', worker: identity(single, 'ROUTING_DEFAULT_WORKER') };
  if (many.length > 0) return { kind: 'round_robin', workers: [...new Set(many)] };
  return { kind: 'none' };
}

export function callbackSettings(env: Env): CallbackSettings {
  return {
    accountSid: accountSid(env.TWILIO_ACCOUNT_SID),
    proxy: proxySettings(env),
    templatesFile: env.TEMPLATES_FILE || undefined,
    routingFallback: routingFallback(env),
    routing: routingSettings(env),
    optOutKeywords: optOutKeywords(env),
    creation: customerCreationSettings(env),
  };
}
