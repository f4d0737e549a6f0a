import type { Link } from '../directory/customer.ts';
import {
  checkMaxLength,
  echo,
  expectArray,
  expectObject,
  expectString,
  invalid,
  isAbsent,
  oneLine,
} from './field-rules.ts';
import { attempt, type Problem } from './problems.ts';

const MAX_LINKS = 10;
const MAX_LINK_URL = 1024;
const MAX_LINK_TYPE = 64;
const MAX_LINK_NAME = 100;
const MAX_AVATAR_URL = 2048;

/** An absolute https: URL, or undefined for null and "" (how spreadsheets and exporters write "no avatar"). */
export function normalizeAvatar(value: unknown): string | undefined {
  if (isAbsent(value) || value === '') return undefined;
  return url(value, 'avatar', ['https:'], MAX_AVATAR_URL);
}

/** Each link, and each of its fields, is checked on its own. */
export function normalizeLinks(value: unknown, problems: Problem[]): Link[] | undefined {
  if (isAbsent(value)) return undefined;
  const items = attempt(problems, () => expectArray(value, 'links'));
  if (items === undefined) return undefined;
  if (items.length > MAX_LINKS) {
    problems.push({ field: 'links', text: `${items.length} links, at most ${MAX_LINKS}` });
  }
  const links: Link[] = [];
  items.forEach((item, index) => {
    const link = normalizeLink(item, `links[${index}]`, problems);
    if (link !== undefined) links.push(link);
  });
  return links.length === 0 ? undefined : links;
}

function normalizeLink(item: unknown, field: string, problems: Problem[]): Link | undefined {
  const input = attempt(problems, () =>
    expectObject(item, field, ['type', 'value', 'display_name'], problems),
  );
  if (input === undefined) return undefined;
  const type = attempt(problems, () => linkType(input.type, `${field}.type`));
  const value = attempt(problems, () =>
    url(input.value, `${field}.value`, ['https:', 'mailto:'], MAX_LINK_URL),
  );
  const name = attempt(problems, () =>
    isAbsent(input.display_name) ? '' : oneLine(input.display_name, `${field}.display_name`, MAX_LINK_NAME),
  );
  if (type === undefined || value === undefined || name === undefined) return undefined;
  return { type, value, display_name: name === '' ? type : name };
}

function linkType(value: unknown, field: string): string {
  const type = oneLine(value, field, MAX_LINK_TYPE);
  if (type === '') invalid(field, 'empty');
  return type;
}

/**
 * The WHATWG serialization (`href`) is what is stored: it is what browsers will request, and serializing it
 * again yields the same text, which keeps normalization idempotent.
 */
function url(value: unknown, field: string, protocols: readonly string[], max: number): string {
  const text = expectString(value, field);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    invalid(field, `${echo(text)} is not an absolute URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    invalid(field, `${echo(text)} is not allowed: only ${protocols.join(' and ')} URLs`);
  }
  if (parsed.protocol === 'mailto:' && parsed.pathname === '') invalid(field, `${echo(text)} has no address`);
  checkMaxLength(parsed.href, field, max);
  return parsed.href;
}
