// POST /callbacks/routing: Frontline's custom routing. A new inbound conversation gets a worker: the one assigned
// to the customer at MessagingBinding.Address, else the fallback (src/routing/routing-policy.ts), added through
// the Conversations API. Twilio waits 10 s; what fails is logged and answered non-2xx so that Twilio records it.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import Type, { type Static } from 'typebox';
import { type ChannelAddress, parseAddress } from '../directory/address.ts';
import type { CustomerRecord } from '../directory/customer.ts';
import type { Directory } from '../directory/directory.ts';
import type { RoutingStateStore } from '../directory/routing-state-store.ts';
import { workerKey } from '../directory/text-key.ts';
import { AppError, errorName, notConfigured } from '../errors.ts';
import { ROUTED_VIA, type RoutingPolicy } from '../routing/routing-policy.ts';
import type { ConversationsApi } from '../twilio/conversations.ts';
import { withConversationsRetry } from '../twilio/conversations-retry.ts';
import { withTimeout } from '../twilio/retry.ts';
import { checked } from './checked-form.ts';
import { Address, ConversationSid, ErrorResponse, SID_MESSAGE, textField } from './schemas.ts';
import { type StrangerDeps, strangerCustomer } from './stranger-routing.ts';
import type { Timing } from './timing.ts';

// The route checks the shape; the SID's format is checked after, for an error message that names the field.
const RoutingForm = Type.Object(
  {
    ConversationSid: Type.String({ minLength: 1, maxLength: 64 }),
    'MessagingBinding.Address': Type.Optional(Address),
  },
  { additionalProperties: true },
);
type RoutingForm = Static<typeof RoutingForm> & Record<string, unknown>;
const routingSid = checked(Type.Object({ ConversationSid }), SID_MESSAGE);

export const RoutingResponse = Type.Object({
  routed_via: Type.Union(ROUTED_VIA.map((via) => Type.Literal(via))),
});

export interface RoutingDeps {
  directory: Directory;
  conversations: ConversationsApi | undefined;
  policy: RoutingPolicy;
  /** Where routed conversations are recorded, for ROUTING_POOL=least_busy. */
  state: RoutingStateStore;
  /** least_busy's window: older routed conversations are pruned as new ones are recorded. */
  windowHours: number;
  timing: Timing;
  defaultCountry: CountryCode | undefined;
  /** UNKNOWN_CUSTOMERS=create; absent: a stranger's conversation is routed and nothing is stored. */
  strangers?: StrangerDeps;
}

type Lookup =
  | { kind: 'found'; customer: CustomerRecord }
  | { kind: 'unknown'; key: ChannelAddress; address: string }
  /** No address a customer could have, or a directory that did not answer: nobody is created. */
  | { kind: 'none' };

// A directory that does not answer must not leave the conversation without anyone: the fallback takes it.
async function customerAt(
  address: string | undefined,
  deps: RoutingDeps,
  log: FastifyBaseLogger,
): Promise<Lookup> {
  const key = address === undefined ? null : parseAddress(address, deps.defaultCountry);
  if (key === null || address === undefined) return { kind: 'none' };
  try {
    const customer = await withTimeout<CustomerRecord | null>(
      deps.directory.findByAddress(key),
      deps.timing.lookupTimeoutMs,
    );
    return customer === null ? { kind: 'unknown', key, address } : { kind: 'found', customer };
  } catch (error) {
    const kind = errorName(error);
    log.warn({ event: 'routing', error: kind }, 'customer lookup failed; routing to the fallback');
    return { kind: 'none' };
  }
}

// A conversation already routed must not fail for its bookkeeping: least_busy then counts one fewer.
async function recordRouted(
  deps: RoutingDeps,
  conversationSid: string,
  worker: string,
  log: FastifyBaseLogger,
) {
  try {
    const pruneBefore = new Date(Date.now() - deps.windowHours * 3_600_000);
    await deps.state.recordRouted(conversationSid, workerKey(worker), pruneBefore);
  } catch (error) {
    const kind = errorName(error);
    log.warn({ event: 'routing', conversationSid, error: kind }, 'routed conversation not recorded');
  }
}

export function routingRoutes(app: FastifyInstance, deps: RoutingDeps): void {
  app.post<{ Body: RoutingForm }>(
    '/callbacks/routing',
    {
      schema: {
        body: RoutingForm,
        response: { 200: RoutingResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const started = Date.now();
      const { conversations, timing } = deps;
      if (conversations === undefined)
        throw notConfigured('Custom routing', 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
      const { ConversationSid: conversationSid } = routingSid(request.body);
      const address = textField(request.body, 'MessagingBinding.Address');
      const found = await customerAt(address, deps, request.log);
      let choice = await deps.policy(found.kind === 'found' ? found.customer : null, request.log);
      if (found.kind === 'unknown' && deps.strangers !== undefined) {
        const conversation = { conversations, conversationSid };
        const winner = await strangerCustomer(deps.strangers, found, choice, conversation, request.log);
        // Another message (on any instance) created this customer first: its worker takes this conversation too.
        if (winner !== null) choice = await deps.policy(winner, request.log);
      }
      if (choice === null)
        throw new AppError(
          'not_configured',
          'No worker to route to: the customer is unknown or has no worker, and neither ROUTING_DEFAULT_WORKER nor ROUTING_WORKERS is set',
        );
      const context = { event: 'routing', conversationSid, via: choice.via };
      const { value, attempts } = await withConversationsRetry(
        () => conversations.addWorker(conversationSid, choice.worker),
        {
          budgetMs: timing.routingBudgetMs - (Date.now() - started),
          firstDelayMs: timing.firstRetryDelayMs,
          maxDelayMs: timing.maxRetryDelayMs,
          context,
          log: request.log,
        },
      );
      request.log.info({ ...context, outcome: value, attempts }, 'conversation routed');
      // The identity itself is never logged: only that Frontline spells it otherwise than the CRM.
      if (choice.spelling !== 'crm')
        request.log.info(
          { ...context, spelling: choice.spelling },
          "worker added under the identity Frontline knows, which differs from the CRM's spelling",
        );
      await recordRouted(deps, conversationSid, choice.worker, request.log);
      return { routed_via: choice.via };
    },
  );
}
