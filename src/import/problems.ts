// A record is refused with every problem it has, not the first: normalizeRecord runs each independent check through
// `attempt`, which turns the check's InvalidField into a Problem and lets the next check run.
import { InvalidField, type Problem } from './field-rules.ts';

export type { Problem } from './field-rules.ts';

/** Runs one check; its InvalidField becomes a problem and the result undefined. Any other error is a bug: rethrown. */
export function attempt<T>(problems: Problem[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidField)) throw error;
    problems.push({ field: error.field, text: error.problem });
    return undefined;
  }
}

// A list of 5,000 bad worker identities is one problem repeated: the first ones say what to fix.
const MAX_LISTED = 20;

/** The problems as one line, "; " between them, each field named by `name` (its JSON path unless told otherwise). */
export function problemsText(
  problems: readonly Problem[],
  name: (field: string) => string = (field) => field,
): string {
  const listed = problems.slice(0, MAX_LISTED).map((problem) => {
    const where = problem.field === '' ? '' : name(problem.field);
    return where === '' ? problem.text : `${where}: ${problem.text}`;
  });
  const more = problems.length - listed.length;
  if (more > 0) listed.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
  return listed.join('; ');
}
