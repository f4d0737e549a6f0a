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

export function normalizeLinks(value: unknown): Link[] | undefined {
  if (isAbsent(value)) return undefined;
  const items = expectArray(value, 'links');
  if (items.length > MAX_LINKS) invalid('links', `${items.length} links, at most ${MAX_LINKS}`);
  if (items.length === 0) return undefined;
  return items.map((item, index) => {
    const field = `links[${index}]`;
    const input = expectObject(item, field, ['type', 'value', 'display_name']);
    const type = oneLine(input.type, `${field}.type`, MAX_LINK_TYPE);
    if (type === '') invalid(`${field}.type`, 'empty');
    const value = url(input.value, `${field}.value`, ['https:', 'mailto:'], MAX_LINK_URL);
    const name = isAbsent(input.display_name)
      ? ''
      : oneLine(input.display_name, `${field}.display_name`, MAX_LINK_NAME);
    return { type, value, display_name: name === '' ? type : name };
  });
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
