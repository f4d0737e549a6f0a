// expectedSignature() is the service's own spelling of twilio's getExpectedTwilioSignature (one string, one HMAC,
// no Buffer copy): it must give the package's answer for every URL and form, repeated fields and any text included.
import assert from 'node:assert/strict';
import { createSecretKey } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { expectedSignature } from '../../src/twilio/verify-signature.ts';

const TOKEN = 'test-auth-token-0123456789abcdef0123';

const field = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.array(fc.string(), { minLength: 1, maxLength: 4 }),
);
const form = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), field, { maxKeys: 8 });

describe('expectedSignature', () => {
  test('a Frontline list callback signs as twilio signs it', () => {
    const url = 'https://example.com/callbacks/crm';
    const params = { Location: 'GetCustomersList', Worker: 'alice@example.com', PageSize: '30' };
    assert.equal(
      expectedSignature(TOKEN, url, params),
      twilioWebhooks.getExpectedTwilioSignature(TOKEN, url, params),
    );
  });

  test('any URL and form, repeated fields and non-ASCII text included, signs as twilio signs it', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), form, (url, params) => {
        const twilios = twilioWebhooks.getExpectedTwilioSignature(TOKEN, url, params);
        assert.equal(expectedSignature(TOKEN, url, params), twilios);
        // The service signs with the token imported once as a KeyObject: the same HMAC.
        assert.equal(expectedSignature(createSecretKey(Buffer.from(TOKEN)), url, params), twilios);
      }),
      { numRuns: 500 },
    );
  });
});
