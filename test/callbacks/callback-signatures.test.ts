import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { form, type Harness, harness, signature, signedUrlOf } from '../support/app-harness.ts';
import { ALICE, BOOK } from '../support/book.ts';
import { sid } from '../support/fake-twilio.ts';

// Every /callbacks/* route sits behind the same signature check: Conversations webhooks are signed like Frontline's
// callbacks, with the account's Auth Token.
const ROUTES: [string, Record<string, string>][] = [
  [
    '/callbacks/conversations',
    { EventType: 'onConversationAdd', 'MessagingBinding.Address': '+12125550199' },
  ],
  [
    '/callbacks/outgoing-conversation',
    { Location: 'GetProxyAddress', Worker: ALICE, CustomerId: 'a1', ChannelType: 'sms' },
  ],
  ['/callbacks/templates', { Location: 'GetTemplatesByCustomerId', Worker: ALICE, CustomerId: 'a1' }],
  ['/callbacks/routing', { ConversationSid: sid('CH', 1), 'MessagingBinding.Address': '+12125550199' }],
];

describe('signatures on the other callbacks', () => {
  let h: Harness;
  before(async () => {
    h = await harness(BOOK, { TWILIO_SMS_NUMBER: '+15005550006' });
  });
  after(() => h.close());

  const send = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
    h.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: form(fields),
    });

  for (const [path, fields] of ROUTES) {
    test(`${path}: missing, foreign or tampered signatures get the JSON 403`, async () => {
      const attempts: Record<string, string>[] = [
        {},
        { 'x-twilio-signature': signature(signedUrlOf('/callbacks/crm'), fields) },
        { 'x-twilio-signature': signature(signedUrlOf(path), fields, 'another-token') },
        { 'x-twilio-signature': signature(signedUrlOf(path), { ...fields, Extra: 'x' }) },
      ];
      for (const headers of attempts) {
        const response = await send(path, fields, headers);
        assert.equal(response.statusCode, 403, JSON.stringify(headers));
        assert.equal(response.json().error.code, 'signature_invalid');
      }
    });

    test(`${path}: a valid signature gets past the check`, async () => {
      const response = await h.post(path, fields);
      assert.notEqual(response.statusCode, 403, response.body);
    });
  }
});
