// The demo's curl examples for the callbacks beside the CRM one, for a customer of the demo worker.
import type { CustomerStore } from '../directory/customer-store.ts';
import { workerKey } from '../directory/text-key.ts';

const post = (url: string, fields: string[]) =>
  `curl -s ${url} ${fields.map((field) => `--data-urlencode '${field}'`).join(' ')}`;

export async function otherCallbackExamples(
  baseUrl: string,
  store: CustomerStore,
  worker: string,
  customerId: string,
  apiReady: boolean,
): Promise<string> {
  const customer = await store.get(customerId, { kind: 'worker', workerKey: workerKey(worker) });
  const phone = customer?.channels?.find((channel) => channel.type === 'sms')?.value ?? '+12125550199';
  const asWorker = [`Worker=${worker}`, `CustomerId=${customerId}`];
  return [
    `  # the business number for a new SMS conversation with them (Outgoing Conversations callback)`,
    `  ${post(`${baseUrl}/callbacks/outgoing-conversation`, ['Location=GetProxyAddress', ...asWorker, 'ChannelType=sms'])}`,
    `  # the message templates for them (examples/templates.yaml unless TEMPLATES_FILE is set)`,
    `  ${post(`${baseUrl}/callbacks/templates`, ['Location=GetTemplatesByCustomerId', ...asWorker])}`,
    `  # Conversations webhook: a new inbound conversation from their phone is named after them`,
    `  ${post(`${baseUrl}/callbacks/conversations`, ['EventType=onConversationAdd', `MessagingBinding.Address=${phone}`])}`,
    apiReady
      ? ''
      : `  # onParticipantAdded and /callbacks/routing call the Conversations API: without TWILIO_ACCOUNT_SID and\n` +
        `  # TWILIO_AUTH_TOKEN they answer 503 not_configured in this demo.`,
    '',
  ].join('\n');
}
