import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Customer } from '../../src/directory/customer.ts';
import { parseTemplate } from '../../src/templates/placeholders.ts';
import { renderTemplates } from '../../src/templates/render.ts';
import type { TemplateCatalog } from '../../src/templates/template-file.ts';

const ZOE: Customer = {
  customer_id: 'a1',
  display_name: 'Zoë  de Martin',
  channels: [
    { type: 'whatsapp', value: 'whatsapp:+447700900123' },
    { type: 'sms', value: '+12125550199' },
    { type: 'email', value: 'zoe@acme.io' },
  ],
  details: { title: 'VIP', content: 'Prefers mornings.' },
};
const MONO: Customer = { customer_id: 'm1', display_name: 'Madonna' };

const catalog = (categories: [string, string[] | null, [string, boolean][]][]): TemplateCatalog =>
  categories.map(([displayName, workers, templates]) => ({
    displayName,
    workers: workers === null ? null : new Set(workers),
    templates: templates.map(([content, whatsAppApproved]) => ({
      parts: parseTemplate(content),
      whatsAppApproved,
    })),
  }));

describe('renderTemplates', () => {
  test('fills every placeholder from the customer and the worker', () => {
    const every = [
      '{{customer.customer_id}}|{{customer.display_name}}|{{customer.first_name}}|{{customer.last_name}}',
      '{{customer.email}}|{{customer.phone}}|{{customer.whatsapp}}',
      '{{customer.details.title}}|{{customer.details.content}}|{{ worker.identity }}',
      '{{worker.display_name}}|{{worker.first_name}}|{{worker.last_name}}',
    ].join('\n');
    const { categories } = renderTemplates(catalog([['All', null, [[every, true]]]]), {
      customer: ZOE,
      worker: 'Alice@Example.com',
      workerProfile: {
        identity: 'alice@example.com',
        display_name: 'Alice S.',
        first_name: 'Alice',
        last_name: 'Smith',
      },
    });
    assert.deepEqual(categories, [
      {
        display_name: 'All',
        templates: [
          {
            content:
              'a1|Zoë  de Martin|Zoë|Martin\nzoe@acme.io|+12125550199|+447700900123\nVIP|Prefers mornings.|Alice@Example.com\nAlice S.|Alice|Smith',
            whatsAppApproved: true,
          },
        ],
      },
    ]);
  });

  test('a template needing a value the customer lacks is left out, and so is a category left empty; a missing name is removed', () => {
    const { categories } = renderTemplates(
      catalog([
        ['Mail', null, [['Mail {{customer.email}}', false]]],
        [
          'Names',
          null,
          [
            ['Hi {{customer.first_name}}', true],
            ['Dear {{customer.first_name}} {{customer.last_name}},', false],
          ],
        ],
      ]),
      { customer: MONO, worker: 'bob@example.com' },
    );
    assert.deepEqual(categories, [
      {
        display_name: 'Names',
        templates: [
          { content: 'Hi Madonna', whatsAppApproved: true },
          { content: 'Dear Madonna,', whatsAppApproved: false },
        ],
      },
    ]);
  });

  test('a category limited to some workers is shown to them only, case-insensitively', () => {
    const limited = catalog([
      ['Everyone', null, [['A', false]]],
      ['Key accounts', ['alice@example.com'], [['B', true]]],
    ]);
    const names = (worker: string) =>
      renderTemplates(limited, { customer: ZOE, worker }).categories.map((c) => c.display_name);
    assert.deepEqual(names('ALICE@example.com'), ['Everyone', 'Key accounts']);
    assert.deepEqual(names('bob@example.com'), ['Everyone']);
  });

  test('stops before the answer passes the byte budget, and says so', () => {
    const big = catalog([
      ['Big', null, Array.from({ length: 100 }, () => ['x'.repeat(1000), false] as [string, boolean])],
    ]);
    const { categories, truncated } = renderTemplates(big, { customer: ZOE, worker: 'w' });
    assert.equal(truncated, true);
    const bytes = Buffer.byteLength(JSON.stringify(categories));
    assert.ok(bytes <= 60 * 1024, `${bytes}`);
    assert.ok((categories[0]?.templates.length ?? 0) > 50);
  });
});
