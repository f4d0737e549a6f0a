// A display name's first and last name, for the {{…first_name}} and {{…last_name}} placeholders. The book holds one
// display name per customer, written however the CRM writes it, so the rule is a few fixed steps anyone can predict
// (docs/other-callbacks.md, "Names"), not a guess at every culture's names: a greeting without a name reads better
// than one with the wrong word in it.

/** Words that only open a name: skipped at its start, any number of them ("Prof. Dr. Anna Müller" → Anna). */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'herr',
  'frau',
  'mme',
  'mlle',
]);
/** Legal forms: a name with one of these words (or an "&") is a company's, which has no first or last name. */
const COMPANY_FORMS = new Set([
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'pty',
]);

export interface NameParts {
  first?: string;
  last?: string;
}

/** "Müller, Anna" and "Dr. Anna Müller" → { first: 'Anna', last: 'Müller' }; "Acme GmbH" → {}. */
export function nameParts(displayName: string): NameParts {
  const words = wordsOf(displayName);
  if (words.some((word) => word === '&' || COMPANY_FORMS.has(bare(word)))) return {};
  const comma = displayName.indexOf(',');
  if (comma >= 0) return lastCommaFirst(displayName.slice(0, comma), displayName.slice(comma + 1));
  const given = withoutTitles(words);
  // After a title, one word left is a surname ("Dr. Müller"); without one, a one-word name is a first name.
  if (given.length === 1 && given.length < words.length) return { last: given[0] as string };
  return parts(given[0], given.length > 1 ? given.at(-1) : undefined);
}

/** "van der Berg, Jan": the surname before the comma, the given names after it. */
function lastCommaFirst(before: string, after: string): NameParts {
  const surname = withoutTitles(wordsOf(before)).join(' ');
  return parts(withoutTitles(wordsOf(after))[0], surname);
}

function parts(first: string | undefined, last: string | undefined): NameParts {
  const result: NameParts = {};
  const cleanFirst = clean(first);
  const cleanLast = clean(last);
  if (cleanFirst !== '') result.first = cleanFirst;
  if (cleanLast !== '') result.last = cleanLast;
  return result;
}

function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function withoutTitles(words: readonly string[]): string[] {
  const start = words.findIndex((word) => !TITLES.has(bare(word)));
  return start < 0 ? [] : words.slice(start);
}

/** "Inc." → "inc", "S.A." → "sa", "Dr." → "dr". */
function bare(word: string): string {
  return word.replace(/[.,]/g, '').toLowerCase();
}

/** A word keeps its letters and inner marks ("O'Neil", "Jean-Luc") but not a comma or semicolon stuck to its end. */
function clean(word: string | undefined): string {
  return (word ?? '').replace(/[,;:]+$/, '');
}
