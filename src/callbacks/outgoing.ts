// POST /callbacks/outgoing-conversation, Location=GetProxyAddress: the business number a worker's new conversation
// with a customer is sent from, per channel type, a worker's own number first. Only for a customer the worker may
// see, with the CRM callback's rules (the same 404 for an unknown and an invisible customer), and never to a channel
// that opted out (403 channel_opted_out).
import type { FastifyInstance } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import Type from 'typebox';
import type { ProxySettings } from '../config-callbacks.ts';
import type { Directory } from '../directory/directory.ts';
import { workerKey } from '../directory/text-key.ts';
import { AppError, notConfigured } from '../errors.ts';
import { checked } from './checked-form.ts';
import { outgoingOptedOut } from './opted-out-channels.ts';
import { Address, CallbackForm, ErrorResponse } from './schemas.ts';

const ProxyForm = Type.Object({
  CustomerId: Type.String({ minLength: 1, maxLength: 256 }),
  ChannelType: Type.String({ minLength: 1, maxLength: 32 }),
  ChannelValue: Type.Optional(Address),
});
const proxyForm = checked(ProxyForm);

export const ProxyResponse = Type.Object({ proxy_address: Type.String() });

/** The worker's own number for the channel, else the service's; undefined when there is none. */
export function proxyAddress(proxy: ProxySettings, worker: string, channelType: string): string | undefined {
  const channel = channelType.trim().toLowerCase();
  if (channel !== 'sms' && channel !== 'whatsapp') return undefined;
  return proxy.byWorker.get(workerKey(worker))?.[channel] ?? proxy.byChannel[channel];
}

function isConfigured(proxy: ProxySettings): boolean {
  return proxy.byWorker.size > 0 || Object.keys(proxy.byChannel).length > 0;
}

export function outgoingRoutes(
  app: FastifyInstance,
  deps: { directory: Directory; proxy: ProxySettings; defaultCountry: CountryCode | undefined },
): void {
  app.post<{ Body: CallbackForm }>(
    '/callbacks/outgoing-conversation',
    {
      schema: {
        body: CallbackForm,
        response: { 200: ProxyResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      if (request.body.Location !== 'GetProxyAddress')
        throw new AppError('unknown_location', 'Location must be GetProxyAddress');
      const form = proxyForm(request.body);
      if (!isConfigured(deps.proxy))
        throw notConfigured(
          'Outgoing conversations',
          'TWILIO_SMS_NUMBER, TWILIO_WHATSAPP_NUMBER or TWILIO_WORKER_NUMBERS',
        );
      const customer = await deps.directory.details(request.body.Worker, form.CustomerId);
      const { ChannelType, ChannelValue } = form;
      if (await outgoingOptedOut(deps.directory, customer, ChannelType, ChannelValue, deps.defaultCountry)) {
        request.log.info(
          { code: 'channel_opted_out' },
          'outgoing conversation refused: the channel opted out',
        );
        throw new AppError('channel_opted_out', 'The customer opted out of messages on this channel');
      }
      const address = proxyAddress(deps.proxy, request.body.Worker, form.ChannelType);
      if (address === undefined)
        throw new AppError('no_proxy_address', 'No business number is configured for this channel type');
      return { proxy_address: address };
    },
  );
}
