// What the fuzz tests (test/fuzz/) share: their run settings, hostile strings, raw form bodies signed as Twilio
// would sign them, and the check that an answer is one the docs allow.
//
// Runs are deterministic: every property starts from FUZZ_SEED (default 17), so CI sees the same cases each time.
// FUZZ_SEED=<integer> tries other cases; FUZZ_RUNS=<n> runs every property n times instead of its own default
// (FUZZ_RUNS=2000 for a long local run). A failing property prints its seed, its path and the shrunk case: rerun
// it with that FUZZ_SEED, then make the case a plain regression test beside the module's own tests.
import assert from 'node:assert/strict';
import fc from 'fast-check';
// The form parser @fastify/formbody uses: the fuzz signs exactly the fields the service will see, duplicates and
// undecodable escapes included, so that every case gets past the signature check to the handlers.
import { parse as parseForm } from 'fast-querystring';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.ts';
import { signature, signedUrlOf } from './app-harness.ts';

function integerSetting(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || (name === 'FUZZ_RUNS' && value < 1))
    throw new Error(`${name}="${raw}" must be ${name === 'FUZZ_RUNS' ? 'a whole number ≥ 1' : 'an integer'}`);
  return value;
}

export const FUZZ_SEED = integerSetting('FUZZ_SEED', 17) as number;
const FUZZ_RUNS = integerSetting('FUZZ_RUNS', undefined);

/** fc.assert's parameters for a property whose default is `runs` runs: FUZZ_SEED and FUZZ_RUNS applied. */
export function fuzzParameters<T>(runs: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: FUZZ_RUNS ?? runs, endOnFailure: false };
}

const char16 = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const control = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const tricky = fc.constantFrom(
  '\u0000',
  '\r\n',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\ufffd',
  'é',
  'e\u0301',
  'ß',
  'İ',
  '👩‍👩‍👧',
  '%',
  '%25',
  '+',
  '&',
  '=',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  '*',
  '_',
  '<script>',
  "' OR 1=1 --",
  '{{customer.email}}',
  '../',
);

/** 10 KB of a repeated unit (some 10 KB values still fit the callbacks' 64 KB body limit: ASCII ones). */
function tenKilobytes(unit: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return unit.map((text) => text.repeat(Math.ceil(10_240 / text.length)).slice(0, 10_240));
}

/** Any string: unicode (lone surrogates too), control characters, syntax of other languages, and 10 KB ones. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 4, arbitrary: fc.string({ unit: char16, maxLength: 12 }) },
  { weight: 4, arbitrary: fc.string({ unit: fc.oneof(control, loneSurrogate, tricky), maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '  \t ', '0', '-1', '1e3', 'null', 'undefined', 'true') },
  {
    weight: 1,
    arbitrary: tenKilobytes(
      fc.oneof(
        fc.string({ unit: char16, minLength: 1, maxLength: 4 }),
        fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 4 }),
      ),
    ),
  },
);

/** One form field's raw value in a body: text (percent-encoded) or escapes no decoder can read. */
export type RawValue = { text: string } | { raw: string };

/** Mostly `usual`, sometimes one of `others`: a calm form then mostly asks what Frontline asks. */
export function mostly(usual: string, ...others: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(usual) },
    { weight: 1, arbitrary: fc.constantFrom(...others) },
  );
}

export const rawGarbage: fc.Arbitrary<string> = fc.constantFrom('%', '%zz', '%ff', '%ED%A0%80', '%C3', '%00');

/** A value for a field: one of the field's plausible values, any string, or escapes no decoder can read. */
export function fieldValue(plausible: fc.Arbitrary<string>): fc.Arbitrary<RawValue> {
  return fc.oneof(
    { weight: 2, arbitrary: plausible.map((text) => ({ text })) },
    { weight: 4, arbitrary: anyText.map((text) => ({ text })) },
    { weight: 1, arbitrary: rawGarbage.map((raw) => ({ raw })) },
  );
}

/** A field given once (the common case), twice, or not at all. */
function fieldOccurrences(value: fc.Arbitrary<RawValue>): fc.Arbitrary<RawValue[]> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(value).map((values) => values) },
    { weight: 1, arbitrary: fc.tuple(value, value).map((values) => values) },
    { weight: 1, arbitrary: fc.constant<RawValue[]>([]) },
  );
}

const keyNames = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', ''),
  anyText.filter((text) => text.length < 64),
);

/** The fields of a form, as an ordered list of name/value pairs (a field may repeat). */
export type FormPairs = [name: string | RawValue, value: RawValue][];

/**
 * A callback's form. Half are calm, as Frontline sends them: each known field absent or once, with one of its
 * plausible values, so that the fuzz explores the handlers. The other half are hostile: each field absent, once or
 * twice, any string, and a few fields nobody expects (prototype names among them).
 */
export function formOf(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<FormPairs> {
  const entries = Object.entries(fields);
  const calm = fc.tuple(
    ...entries.map(([name, plausible]) =>
      fc.option(plausible, { freq: 15 }).map((text): FormPairs => (text === null ? [] : [[name, { text }]])),
    ),
  );
  const known = entries.map(([name, plausible]) =>
    fieldOccurrences(fieldValue(plausible)).map((values) =>
      values.map((value): FormPairs[number] => [name, value]),
    ),
  );
  const extra = fc.array(
    fc.tuple(
      fc.oneof(
        { weight: 3, arbitrary: keyNames },
        { weight: 1, arbitrary: rawGarbage.map((raw): RawValue => ({ raw })) },
      ),
      fieldValue(anyText),
    ),
    { maxLength: 3 },
  );
  const hostile = fc
    .tuple(fc.tuple(...known), extra)
    .map(([groups, more]): FormPairs => [...groups.flat(), ...more]);
  // The order of the fields does not matter to a form parser (a repeated field's values keep their order).
  return fc.oneof(
    calm.map((groups) => groups.flat()),
    hostile,
  );
}

/** Every UTF-8 byte percent-encoded (a lone surrogate becomes U+FFFD's bytes, as a browser would send it). */
export function percentEncoded(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const encodedPart = (part: string | RawValue) =>
  typeof part === 'string' ? percentEncoded(part) : 'raw' in part ? part.raw : percentEncoded(part.text);

export function formBody(pairs: FormPairs): string {
  return pairs.map(([name, value]) => `${encodedPart(name)}=${encodedPart(value)}`).join('&');
}

/** POSTs the form to a callback path, signed over the fields exactly as the service's parser will read them. */
export function postSigned(
  app: FastifyInstance,
  path: string,
  pairs: FormPairs,
): Promise<LightMyRequestResponse> {
  const body = formBody(pairs);
  const fields = parseForm(body) as Record<string, string>;
  return app.inject({
    method: 'POST',
    url: path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'x-twilio-signature': signature(signedUrlOf(path), fields),
    },
    payload: body,
  });
}

/** The 5xx answers the docs name: a store that cannot answer, a callback not configured, the Conversations API. */
export const DOCUMENTED_5XX: readonly ErrorCode[] = [
  'store_unavailable',
  'store_busy',
  'not_configured',
  'conversations_api_failed',
];

/**
 * The answer is JSON; an error is `{"error": {"code", "message"}}` with a code of the catalogue whose status it has;
 * never a 500, and a 5xx only with a code of `allowed5xx`. Returns the body, parsed.
 */
export function assertDocumentedAnswer(
  response: LightMyRequestResponse,
  allowed5xx: readonly ErrorCode[] = DOCUMENTED_5XX,
): unknown {
  const { statusCode: status } = response;
  const what = `${status} ${response.body.slice(0, 300)}`;
  if (status === 204 || status === 304) {
    assert.equal(response.body, '', what);
    return undefined;
  }
  assert.match(String(response.headers['content-type']), /^application\/json/, what);
  const body: unknown = JSON.parse(response.body);
  if (status < 400) return body;
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  assert.equal(typeof error?.code, 'string', what);
  assert.equal(typeof error?.message, 'string', what);
  const code = error?.code as ErrorCode;
  assert.ok(Object.hasOwn(ERROR_CODES, code), `unknown error code: ${what}`);
  assert.equal(ERROR_CODES[code], status, what);
  assert.ok(status < 500 || allowed5xx.includes(code), `undocumented ${what}`);
  return body;
}
