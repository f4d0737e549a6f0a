// Templates and opt-outs by conversation, on each store: GetTemplatesByCustomerId names the conversation, and its
// customer participant (the fake Conversations API's, messaging_binding.address) says which of the customer's
// addresses it is on. Zoë texted STOP from her SMS number and not from WhatsApp: a conversation on the SMS number
// gets no templates, one on WhatsApp gets them. Without a conversation to read (no SID, an API that fails), the
// answer is judged by her channels alone: one is still open, so templates are offered.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Harness, harness } from '../support/app-harness.ts';
import { type FakeTwilio, sid, startFakeTwilio } from '../support/fake-twilio.ts';
import { ALICE, messageAdded, OPT_OUT_BOOK, ZOE_SMS, ZOE_WHATSAPP } from '../support/opt-out-book.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const TEMPLATES = join(tempDir('opt-out-templates-by-conversation-'), 'templates.yaml');
writeFileSync(
  TEMPLATES,
  'categories:\n  - display_name: Openers\n    templates:\n      - content: Hi {{customer.first_name}}\n',
);
const ON_SMS = sid('CH', 11);
const ON_WHATSAPP = sid('CH', 12);
const FAST = { routingBudgetMs: 3000, lookupTimeoutMs: 1000, firstRetryDelayMs: 10, maxRetryDelayMs: 40 };

for (const store of STORES) {
  describe(`templates by the conversation's channel (${store.name})`, () => {
    let twilio: FakeTwilio;
    let h: Harness;
    before(async () => {
      twilio = await startFakeTwilio();
      h = await harness(OPT_OUT_BOOK, { TEMPLATES_FILE: TEMPLATES }, { store, twilio, timing: FAST });
      const stop = await h.post('/callbacks/conversations', messageAdded(ZOE_SMS, 'STOP'));
      assert.deepEqual(stop.json(), { message: 'opted_out' });
    });
    after(async () => {
      await h.close();
      await twilio.close();
    });
    beforeEach(() => {
      twilio.reset();
      for (const [conversation, address] of [
        [ON_SMS, ZOE_SMS],
        [ON_WHATSAPP, ZOE_WHATSAPP],
      ] as const) {
        twilio.addParticipant(conversation, { sid: sid('MB', 1), identity: null, attributes: '{}', address });
        twilio.addParticipant(conversation, { sid: sid('MB', 2), identity: ALICE, attributes: '{}' });
      }
    });

    const templates = async (conversationSid?: string) => {
      const fields = {
        Location: 'GetTemplatesByCustomerId',
        Worker: ALICE,
        CustomerId: 'z1',
        ...(conversationSid === undefined ? {} : { ConversationSid: conversationSid }),
      };
      const response = await h.post('/callbacks/templates', fields);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { templates: unknown[] }[];
    };

    test('a conversation on the opted-out SMS number gets none; one on WhatsApp gets them', async () => {
      assert.deepEqual(await templates(ON_SMS), []);
      assert.equal((await templates(ON_WHATSAPP))[0]?.templates.length, 1);
      assert.equal(twilio.calls.filter((call) => call.method === 'GET').length, 2);
    });

    test("without a conversation, or when the API fails, her open channel decides: they're offered", async () => {
      assert.equal((await templates())[0]?.templates.length, 1);
      twilio.failNext(1, 500, { method: 'GET' });
      assert.equal((await templates(ON_SMS))[0]?.templates.length, 1);
      const warned = h
        .logEntries()
        .filter((entry) => /could not read the conversation's channel/.test(String(entry.msg)));
      assert.ok(warned.length >= 1);
      assert.ok(!h.logs.join('\n').includes('5550199'), 'no address in the logs');
    });
  });
}
