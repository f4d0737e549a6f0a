// A parsed template filled in for one customer and worker. A placeholder whose value is missing either leaves the
// whole template out (a message about an e-mail address is no use without one) or, for names, removes itself and
// tidies what is left, so that "Hi {{customer.first_name}}," without a first name reads "Hi,", not "Hi ,". The rules
// (docs/other-callbacks.md, "When a value is missing"), in the order they apply to one removed placeholder:
//   1. the spaces before it go;
//   2. on a line of its own, the line goes with its line break;
//   3. at the start of a line, the spaces and punctuation marks after it go;
//   4. at the end of a line, the commas, semicolons and colons before it go;
//   5. where a mark before it meets a mark after it, one stays: a sentence end (. ! ?) over a pause (, ; :), else
//      the one before.
// Side by side, placeholders whose values are all missing are removed as one. And wherever a value ends with the
// very mark the template writes after it ("Acme Inc." before "."), the template's goes.
import { PLACEHOLDERS, type TemplateContext, type TemplatePart } from './placeholders.ts';

const MARKS = ',;:.!?';
const SENTENCE_ENDS = '.!?';

/** The text for this customer and worker; undefined when it needs a value they lack, or nothing is left of it. */
export function fillTemplate(parts: readonly TemplatePart[], context: TemplateContext): string | undefined {
  return fillParts(parts, (name) => {
    const placeholder = PLACEHOLDERS[name];
    return placeholder === undefined
      ? undefined
      : { value: placeholder.value(context), whenMissing: placeholder.whenMissing };
  });
}

/** A placeholder's value for fillParts, and what its absence does (undefined: an unknown name, a hole). */
export type PartValue = (
  name: string,
) => { value: string | undefined; whenMissing: 'template left out' | 'removed' } | undefined;

/** fillTemplate over any values (the CRM sync's details fill record fields in with the same rules). */
export function fillParts(parts: readonly TemplatePart[], lookup: PartValue): string | undefined {
  let text = '';
  let hole = false;
  let lastValue = '';
  for (const [index, part] of parts.entries()) {
    let piece: string;
    if (typeof part === 'string') {
      // A value that ends with the mark the template writes after it: one of them is enough.
      piece = isMark(part[0]) && part[0] === lastValue.at(-1) ? part.slice(1) : part;
      lastValue = '';
    } else {
      const placeholder = lookup(part.placeholder);
      piece = placeholder?.value?.trim() ?? '';
      lastValue = piece;
      if (piece === '') {
        if (placeholder?.whenMissing !== 'removed') return undefined;
        hole = true;
        continue;
      }
    }
    if (hole) [text, piece] = tidy(text, piece, index === parts.length - 1 && typeof part === 'string');
    hole = false;
    text += piece;
  }
  if (hole) [text] = tidy(text, '', true);
  return text.trim() === '' ? undefined : text;
}

/** The text before and after a removed placeholder, tidied by the rules above; `last`: nothing follows `after`. */
function tidy(before: string, after: string, last: boolean): [string, string] {
  let left = before.replace(/[ \t]+$/, '');
  let right = after;
  const lineStart = left === '' || left.endsWith('\n');
  const lineEnd = /^[ \t]*\n/.test(right) || (last && right.trim() === '');
  if (lineStart && lineEnd) {
    right = right.replace(/^[ \t]*/, '');
    if (right.startsWith('\n')) right = right.slice(1);
    else left = left.replace(/\n$/, '');
    return [left, right];
  }
  if (lineStart) return [left, right.replace(/^[ \t]*[,;:.!?]*[ \t]*/, '')];
  if (lineEnd) return [left.replace(/[ \t]*[,;:]+$/, ''), right];
  const mark = left.at(-1);
  const next = right[0];
  if (isMark(mark) && isMark(next)) {
    if (!SENTENCE_ENDS.includes(mark) && SENTENCE_ENDS.includes(next)) left = left.slice(0, -1);
    else right = right.slice(1);
  }
  return [left, right];
}

function isMark(char: string | undefined): char is string {
  return char !== undefined && char !== '' && MARKS.includes(char);
}
