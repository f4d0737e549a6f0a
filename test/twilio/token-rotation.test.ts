// Rotating the Twilio Auth Token with no downtime: TWILIO_AUTH_TOKEN_SECONDARY is accepted beside the primary (each
// signature made by the twilio library), page tokens stay valid across the swap when they are derived from the
// token, and `frontline serve` warns about a token that is not 32 hexadecimal characters.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pageTokens } from '../../src/directory/page-token.ts';
import { CRM_URL, form, harness, signature } from '../support/app-harness.ts';
import { ALICE, BOOK, bigBook } from '../support/book.ts';
import { collect, runCli, startCli, waitForStderr } from '../support/run-cli.ts';
import { SQLITE } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const OLD = '0123456789abcdef0123456789abcdef';
const NEW = 'fedcba9876543210fedcba9876543210';
const FIELDS = { Location: 'GetCustomersList', Worker: ALICE, PageSize: '5' };
const POSITION = { tier: 0, name: 'anna', customerId: 'c1' } as const;

describe('TWILIO_AUTH_TOKEN_SECONDARY', () => {
  test('a signature made with either token passes; one made with neither is refused', async () => {
    const h = await harness(BOOK, { TWILIO_AUTH_TOKEN: NEW, TWILIO_AUTH_TOKEN_SECONDARY: OLD });
    try {
      const post = (token: string) =>
        h.app.inject({
          method: 'POST',
          url: '/callbacks/crm',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': signature(CRM_URL, FIELDS, token),
          },
          payload: form(FIELDS),
        });
      assert.equal((await post(NEW)).statusCode, 200);
      assert.equal((await post(OLD)).statusCode, 200);
      assert.equal((await post('0'.repeat(32))).statusCode, 403);
    } finally {
      await h.close();
    }
  });

  test('without it, the old token is refused once the primary changed', async () => {
    const h = await harness(BOOK, { TWILIO_AUTH_TOKEN: NEW });
    try {
      const response = await h.app.inject({
        method: 'POST',
        url: '/callbacks/crm',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature(CRM_URL, FIELDS, OLD),
        },
        payload: form(FIELDS),
      });
      assert.equal(response.statusCode, 403);
    } finally {
      await h.close();
    }
  });
});

describe('page tokens across a rotation', () => {
  test('a token sealed with one secret opens where that secret is among the ones also opened, and nowhere else', () => {
    const token = pageTokens(OLD).seal(POSITION, 'alice');
    assert.deepEqual(pageTokens(NEW, [OLD]).open(token, 'alice'), POSITION);
    assert.throws(() => pageTokens(NEW).open(token, 'alice'), { code: 'invalid_page_token' });
    assert.throws(() => pageTokens(NEW, [OLD]).open(token, 'bob'), { code: 'invalid_page_token' });
    // Sealing uses the first secret only: the new token is what the next instances open.
    const sealed = pageTokens(NEW, [OLD]).seal(POSITION, 'alice');
    assert.throws(() => pageTokens(OLD).open(sealed, 'alice'), { code: 'invalid_page_token' });
  });

  test('frontline serve: a page token issued before the swap opens after it (SQLite)', async () => {
    const dir = tempDir();
    const db = await SQLITE.freshUrl();
    const file = join(dir, 'book.ndjson');
    writeFileSync(
      file,
      bigBook(20, [ALICE])
        .map((record) => `${JSON.stringify(record)}\n`)
        .join(''),
    );
    assert.equal((await runCli(['import', file], { DATABASE_URL: db })).code, 0);

    const page = async (env: Record<string, string>, fields: Record<string, string>, token: string) => {
      const child = startCli(['serve'], { DATABASE_URL: db, PORT: '0', HOST: '127.0.0.1', ...env });
      const done = collect(child);
      try {
        const [, base] = await waitForStderr(child, /listening on (http:\/\/\S+)\n/);
        const url = `${base}/callbacks/crm`;
        return await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': signature(url, fields, token),
          },
          body: form(fields),
        });
      } finally {
        child.kill('SIGTERM');
        assert.equal((await done).code, 0);
      }
    };
    // Before: the old token is primary. After the console's promote: the new one is, the old one secondary.
    const first = await page({ TWILIO_AUTH_TOKEN: OLD }, FIELDS, OLD);
    const next = ((await first.json()) as { objects: { next_page_token: string } }).objects.next_page_token;
    assert.equal(typeof next, 'string');
    const second = await page(
      { TWILIO_AUTH_TOKEN: NEW, TWILIO_AUTH_TOKEN_SECONDARY: OLD },
      { ...FIELDS, NextPageToken: next },
      NEW,
    );
    assert.equal(second.status, 200, await second.clone().text());
    assert.equal(
      ((await second.json()) as { objects: { customers: unknown[] } }).objects.customers.length,
      5,
    );
  });
});

describe('the shape of a token', () => {
  test('frontline serve warns, without the token, when one is not 32 hexadecimal characters', async () => {
    const db = await SQLITE.freshUrl();
    // serve refuses a SQLite file that does not exist: migrate creates it.
    assert.equal((await runCli(['migrate'], { DATABASE_URL: db })).code, 0);
    const bad = 'not-a-twilio-token-"quoted"';
    const child = startCli(['serve'], {
      DATABASE_URL: db,
      PORT: '0',
      HOST: '127.0.0.1',
      TWILIO_AUTH_TOKEN: OLD,
      TWILIO_AUTH_TOKEN_SECONDARY: bad,
    });
    const done = collect(child);
    const [, base] = await waitForStderr(child, /listening on (http:\/\/\S+)\n/);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    child.kill('SIGTERM');
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    const warnings = result.stdout
      .split('\n')
      .filter((line) => line.includes('32 hexadecimal'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    assert.deepEqual(
      warnings.map((w) => [w.level, w.msg.split(' is not')[0]]),
      [[40, 'TWILIO_AUTH_TOKEN_SECONDARY']],
    );
    assert.ok(!result.stdout.includes(bad) && !result.stdout.includes(OLD));
  });
});
