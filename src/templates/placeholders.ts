// The {{placeholders}} a template may use, and the parsing of a template's content into text and placeholders.
// The list is closed so that a typo is a start-up error rather than a message sent with "{{custmer.name}}" in it.
import type { Customer } from '../directory/customer.ts';
import type { WorkerProfile } from '../directory/worker.ts';
import { nameParts } from './person-name.ts';

export interface TemplateContext {
  customer: Customer;
  /** The Worker identity of the request, as Frontline sent it. */
  worker: string;
  /** That worker's profile (`frontline import-workers`); absent or null when they have none. */
  workerProfile?: WorkerProfile | null;
}

type Value = (context: TemplateContext) => string | undefined;

interface Placeholder {
  value: Value;
  /** When the value is missing: the template is left out, or (names) the placeholder is removed (fill.ts). */
  whenMissing: 'template left out' | 'removed';
}

const required = (value: Value): Placeholder => ({ value, whenMissing: 'template left out' });
const name = (value: Value): Placeholder => ({ value, whenMissing: 'removed' });

const channel = (type: string): Placeholder =>
  required(({ customer }) =>
    customer.channels?.find((c) => c.type === type)?.value.replace(/^whatsapp:/, ''),
  );

/** A worker's own first or last name, else the one their display name gives (person-name.ts); never the identity. */
const workerPart = (part: 'first' | 'last'): Placeholder =>
  name(({ workerProfile: profile }) => {
    if (profile == null) return undefined;
    const own = part === 'first' ? profile.first_name : profile.last_name;
    return own ?? (profile.display_name === undefined ? undefined : nameParts(profile.display_name)[part]);
  });

/** Every placeholder, where its value comes from (undefined: this customer or worker has none) and what then. */
export const PLACEHOLDERS: Readonly<Record<string, Placeholder>> = {
  'customer.customer_id': required(({ customer }) => customer.customer_id),
  'customer.display_name': required(({ customer }) => customer.display_name),
  'customer.first_name': name(({ customer }) => nameParts(customer.display_name).first),
  'customer.last_name': name(({ customer }) => nameParts(customer.display_name).last),
  'customer.email': channel('email'),
  'customer.phone': channel('sms'),
  'customer.whatsapp': channel('whatsapp'),
  'customer.details.title': required(({ customer }) => customer.details?.title || undefined),
  'customer.details.content': required(({ customer }) => customer.details?.content || undefined),
  'worker.identity': required(({ worker }) => worker),
  // The identity (usually an e-mail address) only when the profile gives no name at all, or there is none.
  'worker.display_name': required(({ worker, workerProfile: profile }) => {
    const given = [profile?.first_name, profile?.last_name].filter((part) => part !== undefined).join(' ');
    return profile?.display_name ?? (given === '' ? worker : given);
  }),
  'worker.first_name': workerPart('first'),
  'worker.last_name': workerPart('last'),
};

export type TemplatePart = string | { placeholder: string };

export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Content → literal text and placeholders; throws TemplateSyntaxError naming an unknown or unclosed one. `known`
 * (the CRM sync's details, whose placeholders are record fields) replaces the check against PLACEHOLDERS.
 */
export function parseTemplate(content: string, known?: (name: string) => string | null): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (const match of content.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    const refused = known?.(name);
    if (typeof refused === 'string') throw new TemplateSyntaxError(refused);
    if (known === undefined && !Object.hasOwn(PLACEHOLDERS, name))
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
