// The log line of a refused signature: the URL it was checked against and what shaped it (PUBLIC_URL, X-Forwarded-*
// through TRUST_PROXY, or the request alone), with a hint; never the signature nor the token.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AUTH_TOKEN, form, harness, signature } from '../support/app-harness.ts';
import { ALICE, BOOK } from '../support/book.ts';

const FIELDS = { Location: 'GetCustomersList', Worker: ALICE, PageSize: '30' };
/** Signed for a URL the service does not see, as when Twilio calls a public URL the proxy rewrites. */
const SIGNATURE = signature('https://frontline.example.com/callbacks/crm', FIELDS);

async function refusedLine(env: Record<string, string>, headers: Record<string, string>) {
  const h = await harness(BOOK, env);
  try {
    const response = await h.app.inject({
      method: 'POST',
      url: '/callbacks/crm',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': SIGNATURE,
        ...headers,
      },
      payload: form(FIELDS),
    });
    assert.equal(response.statusCode, 403);
    assert.doesNotMatch(h.logs.join('\n'), new RegExp(`${SIGNATURE.replace(/[+/=]/g, '.')}|${AUTH_TOKEN}`));
    const lines = h.logEntries().filter((entry) => entry.checkedUrl !== undefined);
    assert.equal(lines.length, 1, h.logs.join('\n'));
    return lines[0] as { checkedUrl: string; urlFrom: string; msg: string; level: number };
  } finally {
    await h.close();
  }
}

describe('a refused signature says which URL was checked, and why that one', () => {
  test('behind PUBLIC_URL: that URL, and that it came from PUBLIC_URL', async () => {
    const line = await refusedLine({ PUBLIC_URL: 'https://crm.example.com' }, { host: '10.0.0.7:5001' });
    assert.equal(line.checkedUrl, 'https://crm.example.com/callbacks/crm');
    assert.equal(line.urlFrom, 'PUBLIC_URL');
    assert.equal(line.level, 40);
    assert.match(
      line.msg,
      /^X-Twilio-Signature did not match https:\/\/crm\.example\.com\/callbacks\/crm: .*PUBLIC_URL/,
    );
  });

  test('X-Forwarded-* trusted through TRUST_PROXY: the forwarded URL', async () => {
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'crm.example.com',
      host: '10.0.0.7:5001',
    };
    const line = await refusedLine({ TRUST_PROXY: 'true' }, forwarded);
    assert.equal(line.checkedUrl, 'https://crm.example.com/callbacks/crm');
    assert.equal(line.urlFrom, 'X-Forwarded (TRUST_PROXY)');
  });

  test('X-Forwarded-* with TRUST_PROXY off: the request’s own URL, and the hint to set PUBLIC_URL or TRUST_PROXY', async () => {
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'frontline.example.com',
      host: '10.0.0.7:5001',
    };
    const line = await refusedLine({}, forwarded);
    assert.equal(line.checkedUrl, 'http://10.0.0.7:5001/callbacks/crm');
    assert.equal(line.urlFrom, 'request');
    assert.match(line.msg, /ignored because TRUST_PROXY is off: set PUBLIC_URL/);
  });

  test('X-Forwarded-* from a peer TRUST_PROXY does not list: ignored, and said so', async () => {
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'frontline.example.com',
      host: '10.0.0.7:5001',
    };
    const line = await refusedLine({ TRUST_PROXY: '10.9.9.9' }, forwarded);
    assert.equal(line.checkedUrl, 'http://10.0.0.7:5001/callbacks/crm');
    assert.match(line.msg, /this peer is not in TRUST_PROXY/);
  });

  test('no proxy headers, no PUBLIC_URL: the request’s URL, and the hint about TLS termination', async () => {
    const line = await refusedLine({}, { host: 'crm.internal:5001' });
    assert.equal(line.checkedUrl, 'http://crm.internal:5001/callbacks/crm');
    assert.equal(line.urlFrom, 'request');
    assert.match(line.msg, /no PUBLIC_URL: .*set PUBLIC_URL/);
  });
});
