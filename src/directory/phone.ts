// Phone numbers are stored in E.164 because Frontline starts a conversation with the channel value as it is
// (error 48025 otherwise), and because inbound messages are matched on those digits.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: string };

// libphonenumber-js also picks a number out of prose ("call +1 212 555 0123 after 6", "... x45"); prose in a phone
// column is a mistake worth reporting, not a number to guess at (and an extension cannot take a text message).
// Any script's digits and any dash are fine: spreadsheets turn '-' into '–', and libphonenumber-js reads both.
const PHONE_CHARACTERS = /^[\p{Nd}\p{Pd}\s+()./]+$/u;

/** `problem` completes a sentence about the value: `"12" ${problem}`. */
export function toE164(text: string, defaultCountry: CountryCode | undefined): PhoneResult {
  if (!PHONE_CHARACTERS.test(text)) return { ok: false, problem: 'is not a phone number' };
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (parsed?.isPossible()) return { ok: true, e164: parsed.number };
  if (defaultCountry === undefined && !text.trimStart().startsWith('+')) {
    return {
      ok: false,
      problem: 'has no country code: write it as +<country code><number> or set DEFAULT_COUNTRY',
    };
  }
  return { ok: false, problem: 'is not a phone number' };
}
