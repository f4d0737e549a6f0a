// onMessageAdded on each store: every opt-out keyword, in any case and with spaces, opts the author's channel address
// out; every opt-in keyword clears it; a worker's or the system's STOP changes nothing; the keyword lists are settings.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { channelAddress } from '../../src/directory/address.ts';
import type { Channel } from '../../src/directory/customer.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import {
  ALICE,
  messageAdded,
  OPT_OUT_BOOK,
  SAM_SMS,
  ZOE_SMS,
  ZOE_WHATSAPP,
} from '../support/opt-out-book.ts';
import { STORES } from '../support/stores.ts';

const URL_PATH = '/callbacks/conversations';
const SMS: Channel = { type: 'sms', value: ZOE_SMS };
const WHATSAPP: Channel = { type: 'whatsapp', value: ZOE_WHATSAPP };

for (const store of STORES) {
  describe(`onMessageAdded opt-out keywords (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(OPT_OUT_BOOK, {}, { store });
    });
    after(() => h.close());
    beforeEach(async () => {
      for (const channel of [SMS, WHATSAPP]) await h.store.optOuts.optIn(channelAddress(channel));
    });
    const optedOut = async (channel: Channel) =>
      (await h.store.optOuts.optedOut([channelAddress(channel)])).size === 1;
    const send = async (author: string, body: string) => {
      const response = await h.post(URL_PATH, messageAdded(author, body));
      assert.equal(response.statusCode, 200, response.body);
      return response.json().message as string;
    };

    test('every opt-out keyword, in any case and with spaces around it, opts the SMS address out', async () => {
      for (const keyword of ['STOP', 'stopall', ' Unsubscribe ', 'CANCEL\n', '\tend', 'Quit']) {
        const before = Date.now();
        assert.equal(await send(ZOE_SMS, keyword), 'opted_out', keyword);
        const [at] = (await h.store.optOuts.optedOut([channelAddress(SMS)])).values();
        assert.ok(at !== undefined && at.getTime() >= before - 1000 && at.getTime() <= Date.now() + 1000);
        assert.equal(await send(ZOE_SMS, keyword), 'already_opted_out', keyword);
        assert.equal(await optedOut(WHATSAPP), false, 'the WhatsApp channel is another channel');
        await h.store.optOuts.optIn(channelAddress(SMS));
      }
    });

    test('every opt-in keyword, in any case, clears it', async () => {
      for (const keyword of ['START', ' unstop', 'Yes ']) {
        assert.equal(await send(ZOE_SMS, 'STOP'), 'opted_out');
        assert.equal(await send(ZOE_SMS, keyword), 'opted_in', keyword);
        assert.equal(await optedOut(SMS), false, keyword);
        assert.equal(await send(ZOE_SMS, keyword), 'not_opted_out', keyword);
      }
    });

    test('a WhatsApp author opts out its WhatsApp channel only, whatever the spelling of the number', async () => {
      assert.equal(await send('whatsapp:+1 212-555-0199', 'stop'), 'opted_out');
      assert.equal(await optedOut(WHATSAPP), true);
      assert.equal(await optedOut(SMS), false);
      assert.equal(await send(ZOE_WHATSAPP, 'START'), 'opted_in');
      assert.equal(await optedOut(WHATSAPP), false);
    });

    test('a message that is no keyword, or holds one among other words, changes nothing', async () => {
      for (const body of ['Please stop by tomorrow', 'STOP!', 'S T O P', 'hello', ''])
        assert.equal(await send(ZOE_SMS, body), 'no_keyword', body);
      assert.equal(await optedOut(SMS), false);
    });

    test('a worker’s STOP (a chat identity) or the system’s opts nobody out', async () => {
      await h.store.optOuts.optOut(channelAddress(SMS), new Date());
      for (const author of [ALICE, 'Alice@Example.com', 'system', 'agent-007']) {
        assert.equal(await send(author, 'STOP'), 'not_a_customer', author);
        assert.equal(await send(author, 'START'), 'not_a_customer', author);
      }
      assert.equal(await optedOut(SMS), true, "the worker's START did not clear the customer's STOP either");
      const response = await h.post(URL_PATH, { EventType: 'onMessageAdded', Body: 'STOP' });
      assert.deepEqual(response.json(), { message: 'not_a_customer' });
      const logged = JSON.stringify(h.logEntries());
      assert.ok(!logged.includes(ZOE_SMS) && !logged.includes(SAM_SMS), 'no address is logged');
    });
  });
}

describe('OPT_OUT_KEYWORDS and OPT_IN_KEYWORDS', () => {
  test('replace the default lists', async () => {
    const h = await harness(OPT_OUT_BOOK, { OPT_OUT_KEYWORDS: 'ARRET, Halt', OPT_IN_KEYWORDS: 'again' });
    try {
      const send = async (body: string) =>
        (await h.post(URL_PATH, messageAdded(SAM_SMS, body))).json().message;
      assert.equal(await send('STOP'), 'no_keyword');
      assert.equal(await send('arret'), 'opted_out');
      assert.equal(await send('HALT'), 'already_opted_out');
      assert.equal(await send('START'), 'no_keyword');
      assert.equal(await send('Again'), 'opted_in');
    } finally {
      await h.close();
    }
  });

  test('a malformed list, or a word in both, stops the start naming the variable', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ OPT_OUT_KEYWORDS: 'STOP, , END' }, /^OPT_OUT_KEYWORDS must be comma-separated words/],
      [{ OPT_OUT_KEYWORDS: 'STOP NOW' }, /^OPT_OUT_KEYWORDS .*"STOP NOW"/],
      [{ OPT_IN_KEYWORDS: 'START,STOP*' }, /^OPT_IN_KEYWORDS .*"STOP\*"/],
      [{ OPT_IN_KEYWORDS: 'start, stop' }, /^OPT_IN_KEYWORDS holds "STOP", an opt-out keyword too/],
    ];
    for (const [env, message] of cases) await assert.rejects(harness(OPT_OUT_BOOK, env), { message });
  });
});
