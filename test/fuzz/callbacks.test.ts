// Property-based fuzzing of every callback's form (fast-check), on each store of test/support/stores.ts: the CRM
// callback's Locations, the Conversations webhook's events, outgoing conversations, templates and routing, every
// form signed as Twilio signs it so that the fuzz reaches the handlers. Any field may be missing, given twice, any
// string (unicode, lone surrogates, control characters, 10 KB), an undecodable escape, or a field nobody expects.
// Properties: the answer is JSON; an error has a code of the catalogue with its status; never a 500, and a 5xx
// only where the docs name one (502 conversations_api_failed when the Conversations API does not know the
// conversation; every callback is configured and the store is up, so no 503).
//
// Deterministic: FUZZ_SEED (default 17) and FUZZ_RUNS (runs per property) as test/support/fuzz.ts says; a failure
// prints the seed, the path and the shrunk form.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import type { ErrorCode } from '../../src/errors.ts';
import { ADDRESS_BOOK } from '../support/address-book.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, BOOK, CAROL } from '../support/book.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import {
  anyText,
  assertDocumentedAnswer,
  type FormPairs,
  formOf,
  fuzzParameters,
  mostly,
  postSigned,
} from '../support/fuzz.ts';
import { STORES, type TestStore } from '../support/stores.ts';

// Short budgets: a conversation the fake API does not know is retried until the budget, then answered 502.
const TIMING = {
  webhookBudgetMs: 150,
  routingBudgetMs: 150,
  lookupTimeoutMs: 2000,
  firstRetryDelayMs: 5,
  maxRetryDelayMs: 20,
};
const ENV = {
  DEFAULT_COUNTRY: 'US',
  TEMPLATES_FILE: 'examples/templates.yaml',
  TWILIO_SMS_NUMBER: '+15005550006',
  TWILIO_WHATSAPP_NUMBER: 'whatsapp:+14155238886',
  TWILIO_WORKER_NUMBERS: `${BOB}=+15005550007`,
  ROUTING_DEFAULT_WORKER: 'dave@example.com',
};
const KNOWN_CONVERSATIONS = [1, 2, 3].map((n) => sid('CH', n));
const CUSTOMER_PARTICIPANT = sid('MB', 1);
const WORKER_PARTICIPANT = sid('MB', 2);

const workers = fc.constantFrom(
  ALICE,
  BOB,
  CAROL,
  'ALICE@EXAMPLE.COM',
  ' alice@example.com ',
  'nobody@example.com',
);
const customerIds = fc.constantFrom(
  ...[...BOOK, ...ADDRESS_BOOK].map((c) => c.customer_id),
  'missing',
  ' a1 ',
);
const addresses = fc.constantFrom(
  '+12125550199',
  '+1 (212) 555-0199',
  'whatsapp:+12125550199',
  'whatsapp:+13125550142',
  '+447700900123',
  '2125550199',
  'zoe.martin@acme.io',
  'WhatsApp:',
  'whatsapp:+',
  '+999999999999999999999',
  'messenger:12345',
);
const conversationSids = fc.oneof(
  fc.constantFrom(...KNOWN_CONVERSATIONS, sid('CH', 99), sid('ch', 1), `CH${'f'.repeat(32)}`, 'CH1'),
  fc.stringMatching(/^CH[0-9a-f]{32}$/),
);
const participantSids = fc.constantFrom(CUSTOMER_PARTICIPANT, WORKER_PARTICIPANT, sid('MB', 77), 'MB');
const attributes = fc.oneof(
  fc.constantFrom('{}', '{"customer_id":"x"}', '[]', 'null', '"text"', '{', '{"__proto__":{"polluted":1}}'),
  fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
);

function describeCallbackFuzz(store: TestStore): void {
  describe(`fuzz: every callback's form (${store.name})`, () => {
    let twilio: FakeTwilio;
    let h: Harness;
    let tokens: string[] = [];
    before(async () => {
      twilio = await startFakeTwilio();
      for (const conversation of KNOWN_CONVERSATIONS) {
        twilio.addParticipant(conversation, { sid: CUSTOMER_PARTICIPANT, identity: null, attributes: '{}' });
        twilio.addParticipant(conversation, { sid: WORKER_PARTICIPANT, identity: ALICE, attributes: '{}' });
      }
      h = await harness([...BOOK, ...ADDRESS_BOOK], ENV, { store, twilio, timing: TIMING });
      tokens = await someTokens(h);
    });
    after(async () => {
      await h?.close();
      await twilio?.close();
    });

    /** Fuzzes one path; the diagnostic line tells how the answers spread (that the fuzz reached the handlers). */
    const fuzz = async (
      t: TestContext,
      path: string,
      form: fc.Arbitrary<FormPairs>,
      runs: number,
      allowed5xx: ErrorCode[] = [],
    ) => {
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(form, async (pairs) => {
          const response = await postSigned(h.app, path, pairs);
          const body = assertDocumentedAnswer(response, allowed5xx) as { error?: { code: string } };
          // Every form is signed as Twilio signs it: whatever its fields, the signature holds.
          assert.notEqual(body?.error?.code, 'signature_invalid', response.body);
          const outcome = `${response.statusCode}${body?.error ? ` ${body.error.code}` : ''}`;
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        }),
        fuzzParameters(runs),
      );
      t.diagnostic([...seen].map(([outcome, count]) => `${outcome}: ${count}`).join(', '));
      assert.ok(seen.has('200'), 'some forms were answered 200');
    };

    it('the CRM callback: every Location, any field', async (t) => {
      const pageTokens = fc.oneof(
        fc.constantFrom(...tokens),
        fc
          .constantFrom(...tokens)
          .chain((token) =>
            fc.nat({ max: token.length - 1 }).map((at) => token.slice(0, at) + token.slice(at + 1)),
          ),
        fc.base64String({ maxLength: 120 }),
      );
      await fuzz(
        t,
        '/callbacks/crm',
        formOf({
          Location: fc.constantFrom(
            'GetCustomersList',
            'GetCustomerDetailsByCustomerId',
            'GetCustomersByQuery',
          ),
          Worker: workers,
          PageSize: fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom('30', '1', '2', ' 5 ') },
            { weight: 1, arbitrary: fc.constantFrom('0', '-1', '999999999', '1e2', '3.5', '０') },
          ),
          Anchor: customerIds,
          NextPageToken: pageTokens,
          Query: fc.oneof(
            fc.constantFrom('zo', 'martin', '555', '+1 (212)', '%', '_', '"', 'é', ''),
            anyText,
          ),
          CustomerId: customerIds,
        }),
        100,
      );
    });

    it('the Conversations webhook: every event, any field', async (t) => {
      await fuzz(
        t,
        '/callbacks/conversations',
        formOf({
          EventType: fc.constantFrom(
            'onParticipantAdded',
            'onConversationAdd',
            'onMessageAdded',
            'onParticipantAdd',
          ),
          AccountSid: fc.constant(`AC${'a'.repeat(32)}`),
          ConversationSid: conversationSids,
          ParticipantSid: participantSids,
          Identity: fc.constantFrom('', ALICE),
          Attributes: attributes,
          'MessagingBinding.Type': fc.constantFrom('sms', 'whatsapp', 'chat'),
          'MessagingBinding.Address': addresses,
          'MessagingBinding.ProxyAddress': fc.constantFrom('+15005550006', 'whatsapp:+14155238886'),
          FriendlyName: anyText,
          // onMessageAdded: a customer's or a worker's keyword, or any text.
          Author: fc.oneof(addresses, fc.constantFrom(ALICE, 'system')),
          Body: fc.oneof(fc.constantFrom('STOP', ' start ', 'Yes', 'stop by', 'ＳＴＯＰ'), anyText),
          Source: fc.constantFrom('SMS', 'API', 'SDK'),
          RetryCount: fc.constantFrom('0', '1', 'x'),
        }),
        60,
        ['conversations_api_failed'],
      );
    });

    it('outgoing conversations: any field', async (t) => {
      await fuzz(
        t,
        '/callbacks/outgoing-conversation',
        formOf({
          Location: mostly('GetProxyAddress', 'GetProxyaddress', ''),
          Worker: workers,
          CustomerId: customerIds,
          ChannelType: fc.constantFrom('sms', 'whatsapp', 'SMS', ' WhatsApp ', 'chat', 'email', 'fax'),
          ChannelValue: addresses,
        }),
        60,
      );
    });

    it('templates: any field', async (t) => {
      await fuzz(
        t,
        '/callbacks/templates',
        formOf({
          Location: mostly('GetTemplatesByCustomerId', 'GetTemplates', ''),
          Worker: workers,
          CustomerId: customerIds,
          ConversationSid: conversationSids,
        }),
        60,
      );
    });

    it('custom routing: any field', async (t) => {
      await fuzz(
        t,
        '/callbacks/routing',
        formOf({
          ConversationSid: conversationSids,
          'MessagingBinding.Address': addresses,
          'MessagingBinding.ProxyAddress': fc.constantFrom('+15005550006'),
          FriendlyName: anyText,
          Attributes: attributes,
          State: fc.constantFrom('active', 'inactive'),
        }),
        40,
        ['conversations_api_failed'],
      );
    });
  });
}

/** Real page tokens, of several workers and searches, for the fuzz to send back (whole or cut). */
async function someTokens(h: Harness): Promise<string[]> {
  const tokens: string[] = [];
  for (const [worker, query] of [
    [ALICE, undefined],
    [ALICE, 'martin'],
    [BOB, undefined],
  ] as const) {
    const fields: Record<string, string> = { Location: 'GetCustomersList', Worker: worker, PageSize: '1' };
    if (query !== undefined) fields.Query = query;
    const page = (await h.crm(fields)).json() as { objects: { next_page_token?: string } };
    if (page.objects.next_page_token !== undefined) tokens.push(page.objects.next_page_token);
  }
  return tokens;
}

for (const store of STORES) describeCallbackFuzz(store);
