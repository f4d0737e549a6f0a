import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AUTH_TOKEN, CRM_URL, form, harness, signature } from '../support/app-harness.ts';
import { ALICE, BOOK } from '../support/book.ts';

const FIELDS = { Location: 'GetCustomersList', Worker: ALICE, PageSize: '30' };

async function post(
  env: Record<string, string>,
  headers: Record<string, string>,
  url = '/callbacks/crm',
  fields: Record<string, string> = FIELDS,
) {
  const h = await harness(BOOK, env);
  try {
    const response = await h.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: form(fields),
    });
    return { response, logs: h.logs };
  } finally {
    await h.close();
  }
}

describe('X-Twilio-Signature', () => {
  test('a valid signature is accepted', async () => {
    const { response } = await post({}, { 'x-twilio-signature': signature(CRM_URL, FIELDS) });
    assert.equal(response.statusCode, 200);
  });

  test('a missing signature gets a JSON 403 and is logged', async () => {
    const { response, logs } = await post({}, {});
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, 'signature_invalid');
    assert.ok(logs.some((line) => JSON.parse(line).code === 'signature_invalid'));
  });

  test('a signature made with another token gets a 403', async () => {
    const { response } = await post(
      {},
      { 'x-twilio-signature': signature(CRM_URL, FIELDS, 'another-token') },
    );
    assert.equal(response.statusCode, 403);
  });

  test('a signature over other fields gets a 403 (fields cannot be added or changed)', async () => {
    const signed = signature(CRM_URL, { ...FIELDS, Worker: 'bob@example.com' });
    assert.equal((await post({}, { 'x-twilio-signature': signed })).response.statusCode, 403);
  });

  test('a signature made for another URL gets a 403', async () => {
    for (const url of ['http://localhost/callbacks/other', 'https://evil.example.com/callbacks/crm']) {
      const { response } = await post({}, { 'x-twilio-signature': signature(url, FIELDS) });
      assert.equal(response.statusCode, 403, url);
    }
  });

  test('the query string is part of the signed URL', async () => {
    const signed = signature('http://localhost/callbacks/crm?tenant=1', FIELDS);
    assert.equal(
      (await post({}, { 'x-twilio-signature': signed }, '/callbacks/crm?tenant=1')).response.statusCode,
      200,
    );
    assert.equal(
      (await post({}, { 'x-twilio-signature': signed }, '/callbacks/crm?tenant=2')).response.statusCode,
      403,
    );
  });

  test('behind PUBLIC_URL the signature is checked against the public URL, not the Host header', async () => {
    const env = { PUBLIC_URL: 'https://crm.example.com/frontline/' };
    const publicSigned = signature('https://crm.example.com/frontline/callbacks/crm', FIELDS);
    const { response } = await post(env, { 'x-twilio-signature': publicSigned, host: '10.0.0.7:5001' });
    assert.equal(response.statusCode, 200);
    const localSigned = signature('http://10.0.0.7:5001/callbacks/crm', FIELDS);
    const refused = await post(env, { 'x-twilio-signature': localSigned, host: '10.0.0.7:5001' });
    assert.equal(refused.response.statusCode, 403);
  });

  test('X-Forwarded-Proto and -Host count only when TRUST_PROXY trusts the proxy', async () => {
    const signed = signature('https://crm.example.com/callbacks/crm', FIELDS);
    const forwarded = {
      'x-twilio-signature': signed,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'crm.example.com',
    };
    assert.equal((await post({ TRUST_PROXY: 'true' }, forwarded)).response.statusCode, 200);
    assert.equal((await post({}, forwarded)).response.statusCode, 403);
  });

  test('the service refuses to start without a token unless it is a loopback demo', async () => {
    const { assertServable, loadConfig } = await import('../../src/config.ts');
    assert.throws(() => assertServable(loadConfig({})), /TWILIO_AUTH_TOKEN is required/);
    assert.throws(
      () => assertServable(loadConfig({ VERIFY_TWILIO_SIGNATURE: 'false', HOST: '0.0.0.0' })),
      /VERIFY_TWILIO_SIGNATURE may be false only while HOST is a loopback address/,
    );
    assert.doesNotThrow(() =>
      assertServable(loadConfig({ VERIFY_TWILIO_SIGNATURE: 'false', HOST: '127.0.0.1' })),
    );
    assert.doesNotThrow(() => assertServable(loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN })));
  });

  test('with checks off on loopback, unsigned requests are served', async () => {
    const { response } = await post({ VERIFY_TWILIO_SIGNATURE: 'false', HOST: '127.0.0.1' }, {});
    assert.equal(response.statusCode, 200);
  });
});
