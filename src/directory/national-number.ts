// Reps type numbers as a card shows them, often in the national form ("020 7946 0018" in the UK), while phone keys
// hold the international digits ("442079460018"). libphonenumber-js's metadata knows each country's calling code and
// national prefix, so a query in the national form can be searched in the international one as well.
import { type CountryCode, getCountryCallingCode, Metadata } from 'libphonenumber-js';

// NumberingPlan's nationalPrefix() is in the library (it formats national numbers with it) but not in its types.
type WithNationalPrefix = { nationalPrefix(): string | undefined };
const metadata = new Metadata();

/**
 * The international digits of a number typed in `country`'s national form: its national prefix replaced by the
 * calling code (`02079` in GB → `442079`, so a partial number still matches as it is typed). null when there is no
 * country, the query starts with `+`, the digits do not start with the national prefix, or nothing would change.
 */
export function nationalForm(digits: string, query: string, country: CountryCode | undefined): string | null {
  if (country === undefined || digits === '' || query.trimStart().startsWith('+')) return null;
  metadata.selectNumberingPlan(country);
  const prefix = (metadata.numberingPlan as WithNationalPrefix | undefined)?.nationalPrefix() ?? '';
  if (prefix === '' || !digits.startsWith(prefix)) return null;
  const international = `${getCountryCallingCode(country)}${digits.slice(prefix.length)}`;
  return international === digits ? null : international;
}
