// TEMPLATES_FILE: the template categories, in YAML or JSON, read and checked once at start. Any problem stops the
// start with the file, the category and the template named, so that a typo never reaches a customer.
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { documentError, readDocument } from '../config-document.ts';
import { workerKey } from '../directory/text-key.ts';
import { parseTemplate, type TemplatePart, TemplateSyntaxError } from './placeholders.ts';

/** Twilio's limit for one message body. */
const MAX_CONTENT = 1600;

const TemplateEntry = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: MAX_CONTENT }),
    whatsAppApproved: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const CategoryEntry = Type.Object(
  {
    display_name: Type.String({ minLength: 1, maxLength: 100 }),
    /** Only these workers see the category; everyone when absent. */
    workers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1 })),
    templates: Type.Array(TemplateEntry, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
const TemplatesFile = Type.Object(
  { categories: Type.Array(CategoryEntry, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
const validator = Compile(TemplatesFile);

export interface TemplateCategory {
  displayName: string;
  /** workerKeys of the workers who see it; null: everyone. */
  workers: ReadonlySet<string> | null;
  templates: { parts: TemplatePart[]; whatsAppApproved: boolean }[];
}
export type TemplateCatalog = readonly TemplateCategory[];

export async function loadTemplates(path: string): Promise<TemplateCatalog> {
  const fail = documentError('TEMPLATES_FILE', path);
  const doc = await readDocument('TEMPLATES_FILE', path);
  if (!validator.Check(doc)) fail(describeFirstError(doc));
  return (doc as Static<typeof TemplatesFile>).categories.map((category, c) => ({
    displayName: category.display_name,
    workers: category.workers === undefined ? null : new Set(category.workers.map(workerKey)),
    templates: category.templates.map((template, t) => {
      try {
        return {
          parts: parseTemplate(template.content),
          whatsAppApproved: template.whatsAppApproved ?? false,
        };
      } catch (error) {
        if (!(error instanceof TemplateSyntaxError)) throw error;
        return fail(`${where(doc, `/categories/${c}/templates/${t}`).scope}: ${error.message}`);
      }
    }),
  }));
}

function describeFirstError(doc: unknown): string {
  const [first] = validator.Errors(doc);
  if (first === undefined) return 'is invalid';
  // An unknown key is reported as "schema is false" at the key itself: name it, since typos are the usual cause.
  if (first.schemaPath.endsWith('/additionalProperties')) {
    const at = first.instancePath.lastIndexOf('/');
    const { scope, field } = where(doc, first.instancePath.slice(0, at));
    const key = JSON.stringify(first.instancePath.slice(at + 1));
    return `${scope}: unknown field ${field === '' ? key : `${key} in ${field}`}`;
  }
  const { scope, field } = where(doc, first.instancePath);
  return `${scope}: ${field === '' ? '' : `${field} `}${first.message}`;
}

/** "/categories/1/templates/2/content" → scope 'category 2 ("Openers"), template 3', field 'content'. */
function where(doc: unknown, path: string): { scope: string; field: string } {
  const segments = path.split('/').slice(1);
  const field = (rest: string[]) =>
    rest
      .map((part, i) => (/^\d+$/.test(part) ? `[${Number(part) + 1}]` : `${i > 0 ? '.' : ''}${part}`))
      .join('');
  const [top, category, section, template, ...rest] = segments;
  if (top !== 'categories' || category === undefined) return { scope: 'the file', field: field(segments) };
  const name = (doc as { categories: { display_name?: unknown }[] }).categories[Number(category)]
    ?.display_name;
  const scope = `category ${Number(category) + 1}${typeof name === 'string' ? ` (${JSON.stringify(name.slice(0, 40))})` : ''}`;
  if (section === 'templates' && template !== undefined)
    return { scope: `${scope}, template ${Number(template) + 1}`, field: field(rest) };
  return { scope, field: field(segments.slice(2)) };
}
