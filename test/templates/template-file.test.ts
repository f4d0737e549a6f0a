import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTemplates } from '../../src/templates/template-file.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
let count = 0;
function file(text: string, extension = '.yaml'): string {
  count += 1;
  const path = join(dir, `templates-${count}${extension}`);
  writeFileSync(path, text);
  return path;
}

describe('loading TEMPLATES_FILE', () => {
  test('YAML and JSON files load to the same catalog', async () => {
    const yaml = file(`categories:
  - display_name: Openers
    workers: [Alice@Example.com]
    templates:
      - content: "Hi {{ customer.first_name }}"
        whatsAppApproved: true
      - content: Plain text
`);
    const json = file(
      JSON.stringify({
        categories: [
          {
            display_name: 'Openers',
            workers: ['Alice@Example.com'],
            templates: [
              { content: 'Hi {{ customer.first_name }}', whatsAppApproved: true },
              { content: 'Plain text' },
            ],
          },
        ],
      }),
      '.json',
    );
    const fromYaml = await loadTemplates(yaml);
    assert.deepEqual(await loadTemplates(json), fromYaml);
    assert.deepEqual(fromYaml, [
      {
        displayName: 'Openers',
        workers: new Set(['alice@example.com']),
        templates: [
          { parts: ['Hi ', { placeholder: 'customer.first_name' }], whatsAppApproved: true },
          { parts: ['Plain text'], whatsAppApproved: false },
        ],
      },
    ]);
  });

  test('the demo file shipped in examples/ is valid', async () => {
    const path = fileURLToPath(new URL('../../examples/templates.yaml', import.meta.url));
    assert.ok((await loadTemplates(path)).length >= 2);
  });

  const category = (templates: string) =>
    `categories:\n  - display_name: Openers\n    templates:\n${templates}`;
  const invalid: [string, string, string, RegExp][] = [
    [
      'an unknown placeholder, naming the category and the template',
      category('      - content: ok\n      - content: "Hi {{customer.nickname}}"\n'),
      '.yaml',
      /: category 1 \("Openers"\), template 2: unknown placeholder \{\{customer\.nickname\}\} \(known: .*\{\{worker\.identity\}\}/,
    ],
    [
      'an unclosed placeholder',
      category('      - content: "Hi {{customer.first_name"\n'),
      '.yaml',
      /category 1 \("Openers"\), template 1: has a "\{\{" or "\}\}"/,
    ],
    [
      'a misspelt field',
      category('      - content: Hi\n        whatsappApproved: true\n'),
      '.yaml',
      /category 1 \("Openers"\), template 1: unknown field "whatsappApproved"/,
    ],
    [
      'a whatsAppApproved that is no boolean',
      category('      - content: Hi\n        whatsAppApproved: "yes"\n'),
      '.yaml',
      /template 1: whatsAppApproved must be boolean/,
    ],
    [
      'an empty template list',
      category('      []\n'),
      '.yaml',
      /category 1 \("Openers"\): templates must not have fewer than 1/,
    ],
    [
      'a category without templates',
      'categories:\n  - display_name: X\n',
      '.yaml',
      /category 1 \("X"\): must have required/,
    ],
    [
      'an empty worker identity',
      'categories:\n  - display_name: X\n    workers: [""]\n    templates: [{content: Hi}]\n',
      '.yaml',
      /category 1 \("X"\): workers\[1\] must not have fewer than 1/,
    ],
    [
      'content over 1600 characters',
      category(`      - content: ${'x'.repeat(1601)}\n`),
      '.yaml',
      /template 1: content must not have more than 1600/,
    ],
    [
      'no categories key',
      'openers: []\n',
      '.yaml',
      /the file: unknown field "openers"|the file: must have required/,
    ],
    ['broken YAML', 'categories: [\n  - x\n', '.yaml', /is not valid YAML: .*line/],
    ['broken JSON', '{"categories": [', '.json', /is not valid JSON/],
    ['another extension', 'categories: []', '.txt', /must be a \.yaml, \.yml or \.json file/],
  ];
  for (const [what, text, extension, message] of invalid) {
    test(`refuses ${what}, naming the file`, async () => {
      const path = file(text, extension);
      await assert.rejects(loadTemplates(path), (error: Error) => {
        assert.equal(error.name, 'ConfigError');
        assert.ok(error.message.startsWith(`TEMPLATES_FILE ${path}: `), error.message);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  test('refuses a file that cannot be read', async () => {
    await assert.rejects(
      loadTemplates(join(dir, 'missing.yaml')),
      /TEMPLATES_FILE .*missing\.yaml: cannot be read \(ENOENT\)/,
    );
  });
});
