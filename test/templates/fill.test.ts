import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Customer } from '../../src/directory/customer.ts';
import type { WorkerProfile } from '../../src/directory/worker.ts';
import { fillTemplate } from '../../src/templates/fill.ts';
import { parseTemplate } from '../../src/templates/placeholders.ts';

const ANNA: Customer = { customer_id: 'a1', display_name: 'Dr. Anna Müller' };
const ACME: Customer = { customer_id: 'c1', display_name: 'Acme GmbH' };
const ALICE: WorkerProfile = {
  identity: 'Alice@Example.com',
  display_name: 'Alice Smith',
  first_name: 'Alice',
  last_name: 'Smith',
};

const fill = (content: string, customer: Customer, workerProfile: WorkerProfile | null = null) =>
  fillTemplate(parseTemplate(content), { customer, worker: 'alice@example.com', workerProfile });

describe('fillTemplate: names', () => {
  test('customer.first_name skips a title, and reads "Last, First"', () => {
    assert.equal(fill('Hi {{customer.first_name}},', ANNA), 'Hi Anna,');
    assert.equal(fill('Hi {{customer.first_name}},', { ...ANNA, display_name: 'Müller, Anna' }), 'Hi Anna,');
    assert.equal(
      fill('Dear {{customer.first_name}} {{customer.last_name}},', { ...ANNA, display_name: 'Dr. Müller' }),
      'Dear Müller,',
    );
  });

  test("worker names come from the worker's profile", () => {
    assert.equal(
      fill('{{worker.display_name}} / {{worker.first_name}} / {{worker.last_name}}', ANNA, ALICE),
      'Alice Smith / Alice / Smith',
    );
  });

  test('without a first or last name in the profile, they come from its display name', () => {
    const profile = { identity: 'alice@example.com', display_name: 'Alice Smith' };
    assert.equal(fill('{{worker.first_name}} {{worker.last_name}}', ANNA, profile), 'Alice Smith');
  });

  test('worker.display_name falls back to first and last name, then to the identity; first_name never does', () => {
    const named = { identity: 'alice@example.com', first_name: 'Alice', last_name: 'Smith' };
    assert.equal(fill('{{worker.display_name}}', ANNA, named), 'Alice Smith');
    assert.equal(
      fill('{{worker.display_name}}', ANNA, { identity: 'alice@example.com', last_name: 'Smith' }),
      'Smith',
    );
    assert.equal(fill('this is {{worker.display_name}}.', ANNA), 'this is alice@example.com.');
    assert.equal(fill('Hi, this is {{worker.first_name}}.', ANNA), 'Hi, this is.');
  });
});

describe('fillTemplate: a missing name removes itself without stray punctuation', () => {
  const cases: [string, string][] = [
    ['Hi {{customer.first_name}},', 'Hi,'],
    ['Hi {{customer.first_name}}! How are you?', 'Hi! How are you?'],
    ['Dear {{customer.first_name}} {{customer.last_name}}, welcome.', 'Dear, welcome.'],
    ['Thanks, {{customer.first_name}}, for your time.', 'Thanks, for your time.'],
    ['Hello, {{customer.first_name}}.', 'Hello.'],
    ['Great! {{customer.first_name}}.', 'Great!'],
    ['Thanks, {{customer.first_name}}', 'Thanks'],
    ['Thanks, {{customer.first_name}}\nBye', 'Thanks\nBye'],
    ['{{customer.first_name}}, your notes are ready.', 'your notes are ready.'],
    ['{{customer.first_name}} {{customer.last_name}}: welcome', 'welcome'],
    ['Best,\n{{worker.first_name}}\nAcme', 'Best,\nAcme'],
    ['Best,\n  {{worker.first_name}} {{worker.last_name}}', 'Best,'],
    ['Hello team {{customer.first_name}} and all', 'Hello team and all'],
  ];
  for (const [content, expected] of cases) {
    test(`${JSON.stringify(content)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(fill(content, ACME), expected);
    });
  }

  test('a template left with nothing is left out', () => {
    assert.equal(fill('{{customer.first_name}} {{customer.last_name}}', ACME), undefined);
  });

  test('a value ending with the mark the template writes after it gives one mark', () => {
    assert.equal(
      fill('Welcome, {{customer.display_name}}.', { ...ACME, display_name: 'Acme Inc.' }),
      'Welcome, Acme Inc.',
    );
  });

  test('a missing e-mail, phone or details still leaves the template out', () => {
    for (const placeholder of [
      'customer.email',
      'customer.phone',
      'customer.whatsapp',
      'customer.details.title',
    ])
      assert.equal(fill(`Hi {{customer.first_name}}: {{${placeholder}}}`, ANNA), undefined, placeholder);
  });
});
