import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importWorkers } from '../../src/import/import-workers.ts';
import { type Harness, harness } from '../support/app-harness.ts';
import { ALICE, BOB, BOOK } from '../support/book.ts';
import { STORES } from '../support/stores.ts';
import { tempDir } from '../support/temp-dir.ts';

const URL_PATH = '/callbacks/templates';
const dir = tempDir();
const TEMPLATES = join(dir, 'templates.yaml');
writeFileSync(
  TEMPLATES,
  `categories:
  - display_name: Openers
    templates:
      - content: "Hello {{customer.first_name}}, this is {{worker.identity}}."
        whatsAppApproved: true
      - content: "Your notes: {{customer.details.title}}"
  - display_name: Alice only
    workers: [ALICE@example.com]
    templates:
      - content: "{{customer.display_name}} ({{customer.customer_id}})"
`,
);

const templates = (h: Harness, worker: string, customerId: string) =>
  h.post(URL_PATH, {
    Location: 'GetTemplatesByCustomerId',
    Worker: worker,
    CustomerId: customerId,
    ConversationSid: `CH${'0'.repeat(32)}`,
  });

describe('GetTemplatesByCustomerId', () => {
  let h: Harness;
  before(async () => {
    h = await harness(BOOK, { TEMPLATES_FILE: TEMPLATES });
  });
  after(() => h.close());

  test('answers the categories as a top-level array, filled in for the customer and the worker', async () => {
    const response = await templates(h, ALICE, 'a1');
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.deepEqual(response.json(), [
      {
        display_name: 'Openers',
        templates: [
          { content: 'Hello Zoë, this is alice@example.com.', whatsAppApproved: true },
          { content: 'Your notes: Notes', whatsAppApproved: false },
        ],
      },
      { display_name: 'Alice only', templates: [{ content: 'Zoë Martin (a1)', whatsAppApproved: false }] },
    ]);
  });

  test('a category limited to some workers is hidden from the others; templates missing a value are left out', async () => {
    const response = await templates(h, BOB, 'a3');
    assert.deepEqual(response.json(), [
      {
        display_name: 'Openers',
        templates: [{ content: 'Hello Émile, this is bob@example.com.', whatsAppApproved: true }],
      },
    ]);
  });

  test('an unknown and an invisible customer get the same 404', async () => {
    const unknown = await templates(h, ALICE, 'nobody');
    const invisible = await templates(h, ALICE, 'b2');
    for (const response of [unknown, invisible]) {
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'customer_not_found');
    }
    assert.equal(unknown.body, invisible.body);
  });

  test('a missing CustomerId is a 400; another Location a 422', async () => {
    const missing = await h.post(URL_PATH, { Location: 'GetTemplatesByCustomerId', Worker: ALICE });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().error.message, /CustomerId/);
    const other = await h.post(URL_PATH, { Location: 'GetProxyAddress', Worker: ALICE, CustomerId: 'a1' });
    assert.equal(other.statusCode, 422);
  });
});

const SIGNED = join(dir, 'signed.yaml');
writeFileSync(
  SIGNED,
  `categories:
  - display_name: Signed
    templates:
      - content: "Hi {{customer.first_name}}, this is {{worker.display_name}}.\\nBest,\\n{{worker.first_name}}"
`,
);
const WORKERS = join(dir, 'workers.csv');
writeFileSync(
  WORKERS,
  'identity,display_name,first_name,last_name\nALICE@Example.com,Alice Smith,Alice,Smith\n',
);

for (const store of STORES) {
  describe(`templates signed from imported worker profiles (${store.name})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(BOOK, { TEMPLATES_FILE: SIGNED }, { store });
      const result = await importWorkers(h.store, { source: WORKERS, replace: false, onInvalid: () => {} });
      assert.equal(result.committed, true);
    });
    after(() => h.close());

    test("{{worker.first_name}} and {{worker.display_name}} come from the worker's profile", async () => {
      const response = await templates(h, ALICE, 'a1');
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), [
        {
          display_name: 'Signed',
          templates: [{ content: 'Hi Zoë, this is Alice Smith.\nBest,\nAlice', whatsAppApproved: false }],
        },
      ]);
    });

    test('a worker without a profile signs with the identity, and the missing first name leaves no empty line', async () => {
      const response = await templates(h, BOB, 'a3');
      assert.deepEqual(response.json(), [
        {
          display_name: 'Signed',
          templates: [{ content: 'Hi Émile, this is bob@example.com.\nBest,', whatsAppApproved: false }],
        },
      ]);
    });
  });
}

describe('templates configuration', () => {
  test('without TEMPLATES_FILE: 503 not_configured, and the CRM callback runs', async () => {
    const h = await harness(BOOK);
    try {
      const response = await templates(h, ALICE, 'a1');
      assert.equal(response.statusCode, 503);
      assert.deepEqual(response.json().error, {
        code: 'not_configured',
        message: 'Templates is not configured on this service: set TEMPLATES_FILE',
      });
      assert.equal((await h.crm({ Location: 'GetCustomersList', Worker: ALICE })).statusCode, 200);
    } finally {
      await h.close();
    }
  });

  test('an invalid templates file stops the start with a message naming file, category and template', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'categories:\n  - display_name: Openers\n    templates:\n      - content: "Hi {{customer.nick}}"\n',
    );
    await assert.rejects(harness(BOOK, { TEMPLATES_FILE: bad }), {
      name: 'ConfigError',
      message: new RegExp(
        `^TEMPLATES_FILE ${bad}: category 1 \\("Openers"\\), template 1: unknown placeholder`,
      ),
    });
  });
});
