// The {{placeholders}} a template may use, and the parsing of a template's content into text and placeholders.
// The list is closed so that a typo is a start-up error rather than a message sent with "{{custmer.name}}" in it.
import type { Customer } from '../directory/customer.ts';

export interface TemplateContext {
  customer: Customer;
  /** The Worker identity of the request, as Frontline sent it. */
  worker: string;
}

type Value = (context: TemplateContext) => string | undefined;

const channel =
  (type: string): Value =>
  ({ customer }) =>
    customer.channels?.find((c) => c.type === type)?.value.replace(/^whatsapp:/, '');

const words = (name: string) => name.trim().split(/\s+/);

/** Every placeholder and where its value comes from; undefined when this customer has no such value. */
export const PLACEHOLDERS: Readonly<Record<string, Value>> = {
  'customer.customer_id': ({ customer }) => customer.customer_id,
  'customer.display_name': ({ customer }) => customer.display_name,
  'customer.first_name': ({ customer }) => words(customer.display_name)[0],
  'customer.last_name': ({ customer }) => {
    const parts = words(customer.display_name);
    return parts.length > 1 ? parts.at(-1) : undefined;
  },
  'customer.email': channel('email'),
  'customer.phone': channel('sms'),
  'customer.whatsapp': channel('whatsapp'),
  'customer.details.title': ({ customer }) => customer.details?.title || undefined,
  'customer.details.content': ({ customer }) => customer.details?.content || undefined,
  'worker.identity': ({ worker }) => worker,
};

export type TemplatePart = string | { placeholder: string };

export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Content → literal text and placeholders; throws TemplateSyntaxError naming an unknown or unclosed one. */
export function parseTemplate(content: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (const match of content.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!Object.hasOwn(PLACEHOLDERS, name))
      throw new TemplateSyntaxError(
        `unknown placeholder {{${name}}} (known: ${Object.keys(PLACEHOLDERS)
          .map((known) => `{{${known}}}`)
          .join(', ')})`,
      );
    parts.push(content.slice(from, match.index), { placeholder: name });
    from = match.index + match[0].length;
  }
  parts.push(content.slice(from));
  const literal = parts.filter((part) => typeof part === 'string').join('');
  if (literal.includes('{{') || literal.includes('}}'))
    throw new TemplateSyntaxError('has a "{{" or "}}" that is not part of a {{placeholder}}');
  return parts.filter((part) => part !== '');
}

/** The text for this customer and worker; undefined when a placeholder has no value for them. */
export function fillTemplate(parts: readonly TemplatePart[], context: TemplateContext): string | undefined {
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = PLACEHOLDERS[part.placeholder]?.(context);
    if (value === undefined || value === '') return undefined;
    text += value;
  }
  return text;
}
