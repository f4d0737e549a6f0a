// The building blocks of normalizeRecord. Each checks one value and throws an InvalidField naming the field and the
// problem ("channels[1].value", "\"12\" is not a phone number"), so the rules read top to bottom without threading
// results through; normalizeRecord catches each one (problems.ts) to report every problem of a record.

/** One thing wrong with a record: where (the JSON path in the normalized record, '' for the record) and what. */
export interface Problem {
  readonly field: string;
  readonly text: string;
}

export class InvalidField extends Error {
  override name = 'InvalidField';
  readonly field: string;
  readonly problem: string;

  constructor(field: string, problem: string) {
    // Thrown for every bad value and caught by normalizeRecord, never shown with a stack: capturing one would cost
    // more than the check (a file of bad rows throws several per row).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(field === '' ? problem : `${field}: ${problem}`);
    Error.stackTraceLimit = limit;
    this.field = field;
    this.problem = problem;
  }
}

export function invalid(field: string, problem: string): never {
  throw new InvalidField(field, problem);
}

/** null and undefined both mean "not given": exporters and spreadsheets write either. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

const ECHO_MAX = 40;

/** A value quoted for a reason: one line (JSON escapes), at most ~40 characters, so a reason never floods a log. */
export function echo(value: string): string {
  if (value.length <= ECHO_MAX) return JSON.stringify(value);
  // Cut by code points so an emoji is never split into a lone surrogate.
  return JSON.stringify(
    `${Array.from(value.slice(0, ECHO_MAX * 2))
      .slice(0, ECHO_MAX - 1)
      .join('')}…`,
  );
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${echo(value)})`;
  return `a ${typeof value} (${String(value).slice(0, ECHO_MAX)})`;
}

export function expectString(value: unknown, field: string): string {
  if (isAbsent(value)) invalid(field, 'missing');
  if (typeof value !== 'string') invalid(field, `expected a string, got ${kindOf(value)}`);
  // A lone surrogate cannot be written as UTF-8: the stored value would differ from the one imported.
  if (LONE_SURROGATE.test(value)) invalid(field, `${echo(value)} is not valid Unicode`);
  return value;
}

export function expectArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) invalid(field, `expected an array, got ${kindOf(value)}`);
  return value;
}

/**
 * A plain object. Each key not in `keys` is a problem of its own (a typo such as `display-name` is an error, not a
 * silent omission), and the object is still returned so that its known fields are checked too.
 */
export function expectObject(
  value: unknown,
  field: string,
  keys: readonly string[],
  problems: Problem[],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid(field, `expected an object, got ${kindOf(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key))
      problems.push({ field, text: `unknown field ${echo(key)}${suggestion(key, keys)}` });
  }
  return value as Record<string, unknown>;
}

function suggestion(key: string, keys: readonly string[]): string {
  const guess = key
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return keys.includes(guess) ? ` (did you mean ${guess}?)` : '';
}

const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_NEWLINE_TAB = /(?![\n\t])\p{Cc}/u;

/** Control characters break list rendering and, for U+0000, PostgreSQL text columns. */
export function checkNoControl(value: string, field: string, options: { multiline?: boolean } = {}): void {
  const pattern = options.multiline ? CONTROL_EXCEPT_NEWLINE_TAB : CONTROL;
  if (pattern.test(value)) invalid(field, `${echo(value)} contains a control character`);
}

/** Lengths count Unicode code points, what a user calls characters, not UTF-16 units. */
export function checkMaxLength(value: string, field: string, max: number): void {
  if (value.length <= max) return;
  let length = 0;
  for (const _ of value) length++;
  if (length > max) invalid(field, `${length} characters, at most ${max}`);
}

const WHITESPACE_RUN = /\s+/g;

/** Every whitespace run (newlines and tabs too) becomes one space: the list screen shows one line per customer. */
export function oneLine(value: unknown, field: string, max: number): string {
  const text = expectString(value, field).replace(WHITESPACE_RUN, ' ').trim();
  checkNoControl(text, field);
  checkMaxLength(text, field, max);
  return text;
}

/** A trimmed, non-empty, one-line identifier kept as written (inner spaces included). */
export function identifier(value: unknown, field: string, max: number): string {
  const text = expectString(value, field).trim();
  if (text === '') invalid(field, 'empty');
  checkNoControl(text, field);
  checkMaxLength(text, field, max);
  return text;
}
