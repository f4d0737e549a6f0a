// What an opted-out channel means to the callbacks, on each store: GetProxyAddress refuses it (403
// channel_opted_out), templates are withheld once no messaging channel is left, and details carry a line per channel.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
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
import { tempDir } from '../support/temp-dir.ts';

const TEMPLATES = join(tempDir('opt-out-templates-'), 'templates.yaml');
writeFileSync(
  TEMPLATES,
  'categories:\n  - display_name: Openers\n    templates:\n      - content: Hi {{customer.first_name}}\n',
);
const ENV = {
  TEMPLATES_FILE: TEMPLATES,
  TWILIO_SMS_NUMBER: '+15005550006',
  TWILIO_WHATSAPP_NUMBER: '+14155238886',
};
const DAY_AND_MINUTE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/.source;

for (const store of STORES) {
  describe(`opted-out channels in the callbacks (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(OPT_OUT_BOOK, ENV, { store });
      const stop = await h.post('/callbacks/conversations', messageAdded(ZOE_SMS, 'STOP'));
      assert.deepEqual(stop.json(), { message: 'opted_out' });
    });
    after(() => h.close());

    const proxy = (customerId: string, type: string, value?: string) =>
      h.post('/callbacks/outgoing-conversation', {
        Location: 'GetProxyAddress',
        Worker: ALICE,
        CustomerId: customerId,
        ChannelType: type,
        ...(value === undefined ? {} : { ChannelValue: value }),
      });
    const templates = async (customerId: string) => {
      const fields = { Location: 'GetTemplatesByCustomerId', Worker: ALICE, CustomerId: customerId };
      const response = await h.post('/callbacks/templates', fields);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { templates: unknown[] }[];
    };
    const details = async (customerId: string) => {
      const response = await h.crm({
        Location: 'GetCustomerDetailsByCustomerId',
        Worker: ALICE,
        CustomerId: customerId,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().objects.customer;
    };

    test('GetProxyAddress refuses the opted-out address, for every customer who has it', async () => {
      for (const [customerId, value] of [
        ['z1', ZOE_SMS],
        ['z1', '+1 (212) 555-0199'],
        ['z1', undefined],
        ['z2', ZOE_SMS],
      ] as const) {
        const response = await proxy(customerId, 'sms', value);
        assert.equal(response.statusCode, 403, `${customerId} ${value}`);
        assert.equal(response.json().error.code, 'channel_opted_out');
        assert.match(response.json().error.message, /opted out/);
      }
      assert.ok(h.logEntries().some((entry) => entry.code === 'channel_opted_out'));
    });

    test('GetProxyAddress still answers for the other channels and customers', async () => {
      for (const [customerId, type, value] of [
        ['z1', 'whatsapp', ZOE_WHATSAPP],
        ['z1', 'whatsapp', ZOE_SMS],
        ['z1', 'whatsapp', undefined],
        ['s1', 'sms', SAM_SMS],
      ] as const) {
        const response = await proxy(customerId, type, value);
        assert.equal(response.statusCode, 200, `${customerId} ${type} ${value}: ${response.body}`);
      }
      // The 404 of an unknown customer comes first: nothing is said about an address of nobody's.
      assert.equal((await proxy('nobody', 'sms', ZOE_SMS)).statusCode, 404);
    });

    test('templates: withheld once every SMS and WhatsApp channel opted out, offered while one is left', async () => {
      assert.equal((await templates('z1')).length, 1, 'WhatsApp is still open');
      assert.deepEqual(await templates('z2'), []);
      assert.equal((await templates('s1')).length, 1);
    });

    test('details show the channel with an "opted out" line in its details block', async () => {
      const zoe = await details('z1');
      assert.equal(zoe.channels.length, 3, 'the channel is still shown');
      assert.equal(zoe.details.title, 'Notes');
      assert.match(
        zoe.details.content,
        new RegExp(`^Prefers mornings\\.\\n\\nSMS \\+12125550199 opted out on ${DAY_AND_MINUTE}$`),
      );
      const home = await details('z2');
      assert.equal(home.details.title, 'Opted out');
      assert.match(home.details.content, new RegExp(`^SMS \\+12125550199 opted out on ${DAY_AND_MINUTE}$`));
      assert.equal((await details('s1')).details, undefined);
    });

    test('a WhatsApp STOP too: no templates left, two lines, and START brings them back', async () => {
      await h.post('/callbacks/conversations', messageAdded(ZOE_WHATSAPP, 'stop'));
      assert.deepEqual(await templates('z1'), []);
      assert.equal((await proxy('z1', 'whatsapp', ZOE_WHATSAPP)).statusCode, 403);
      const lines = (await details('z1')).details.content.split('\n').slice(2);
      assert.equal(lines.length, 2);
      assert.match(lines[1], new RegExp(`^WhatsApp \\+12125550199 opted out on ${DAY_AND_MINUTE}$`));
      await h.post('/callbacks/conversations', messageAdded(ZOE_WHATSAPP, 'start'));
      await h.post('/callbacks/conversations', messageAdded(ZOE_SMS, 'START'));
      assert.equal((await templates('z2')).length, 1);
      assert.equal((await proxy('z1', 'sms', ZOE_SMS)).statusCode, 200);
      assert.deepEqual((await details('z1')).details, { title: 'Notes', content: 'Prefers mornings.' });
    });
  });
}
