// POST /callbacks/templates, Location=GetTemplatesByCustomerId: the message templates offered to a worker in a
// conversation with a customer, from TEMPLATES_FILE, filled in for that customer and worker (with the worker's
// profile, when they have one). Only for a customer the worker may see (the CRM callback's 404 otherwise).
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Directory } from '../directory/directory.ts';
import { optOutKey } from '../directory/opt-out-store.ts';
import { AppError, notConfigured } from '../errors.ts';
import { renderTemplates } from '../templates/render.ts';
import type { TemplateCatalog } from '../templates/template-file.ts';
import { checked } from './checked-form.ts';
import { type ConversationAddressDeps, conversationAddress } from './conversation-address.ts';
import { everyMessagingChannelOptedOut } from './opted-out-channels.ts';
import { CallbackForm, ErrorResponse } from './schemas.ts';

const TemplatesForm = Type.Object({
  CustomerId: Type.String({ minLength: 1, maxLength: 256 }),
  ConversationSid: Type.Optional(Type.String({ maxLength: 64 })),
});
const templatesForm = checked(TemplatesForm);

export const TemplatesResponse = Type.Array(
  Type.Object({
    display_name: Type.String(),
    templates: Type.Array(Type.Object({ content: Type.String(), whatsAppApproved: Type.Boolean() })),
  }),
);

export function templatesRoutes(
  app: FastifyInstance,
  deps: { directory: Directory; templates: TemplateCatalog | undefined } & ConversationAddressDeps,
): void {
  app.post<{ Body: CallbackForm }>(
    '/callbacks/templates',
    {
      schema: {
        body: CallbackForm,
        response: { 200: TemplatesResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      if (request.body.Location !== 'GetTemplatesByCustomerId')
        throw new AppError('unknown_location', 'Location must be GetTemplatesByCustomerId');
      const form = templatesForm(request.body);
      if (deps.templates === undefined) throw notConfigured('Templates', 'TEMPLATES_FILE');
      const worker = request.body.Worker;
      // Two primary-key reads and the conversation's channel, side by side: none depends on another.
      const [customer, workerProfile, address] = await Promise.all([
        deps.directory.details(worker, form.CustomerId),
        deps.directory.worker(worker),
        conversationAddress(form.ConversationSid, deps, request.log),
      ]);
      // None is offered for a conversation on an address that opted out. When the conversation's channel cannot be
      // told, none either when every channel a template could go out on (SMS, WhatsApp) opted out; with one still
      // open they are, and GetProxyAddress refuses the closed one.
      const optedOut =
        address === null
          ? await everyMessagingChannelOptedOut(deps.directory, customer)
          : (await deps.directory.optedOut([address])).has(optOutKey(address));
      if (optedOut) {
        request.log.info({ code: 'channel_opted_out' }, "no templates: the conversation's channel opted out");
        return [];
      }
      const { categories, truncated } = renderTemplates(deps.templates, { customer, worker, workerProfile });
      if (truncated)
        request.log.warn({ code: 'templates_truncated' }, 'templates cut short to stay under 64 KB');
      return categories;
    },
  );
}
