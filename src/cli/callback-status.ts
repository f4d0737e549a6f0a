// What `serve` and `demo` print on start about the callbacks beside the CRM one: where to point the console, and
// which of them answer 503 not_configured for want of a setting (the rest of the service runs regardless).
import type { Config } from '../config.ts';

export function callbackStatus(config: Readonly<Config>, publicBase: string): string {
  const { accountSid, proxy, templatesFile, routingFallback } = config.callbacks;
  const apiReady = accountSid !== undefined && config.twilioAuthToken !== undefined;
  const missing: string[] = [];
  if (!apiReady)
    missing.push(
      'onParticipantAdded (/callbacks/conversations) and custom routing (/callbacks/routing) need TWILIO_ACCOUNT_SID ' +
        'and TWILIO_AUTH_TOKEN to call the Conversations API',
    );
  else if (routingFallback.kind === 'none')
    missing.push(
      'custom routing has no fallback for unknown customers: set ROUTING_DEFAULT_WORKER or ROUTING_WORKERS',
    );
  if (proxy.byWorker.size === 0 && Object.keys(proxy.byChannel).length === 0)
    missing.push(
      'outgoing conversations need TWILIO_SMS_NUMBER, TWILIO_WHATSAPP_NUMBER or TWILIO_WORKER_NUMBERS',
    );
  if (templatesFile === undefined) missing.push('templates need TEMPLATES_FILE');
  return [
    `Conversations webhook URL (pre- and post-event): ${publicBase}/callbacks/conversations`,
    `Outgoing Conversations, Templates and Routing callback URLs: ${publicBase}/callbacks/outgoing-conversation, ` +
      `${publicBase}/callbacks/templates, ${publicBase}/callbacks/routing`,
    ...missing.map((line) => `Not configured (503 not_configured): ${line}.`),
    '',
  ].join('\n');
}
