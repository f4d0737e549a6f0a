// The invalid records of an import as its user reads them: the first ones as FILE:LINE: reason, then how many more
// and how many in all, so that a file of a million bad rows neither floods the terminal nor hides its size.
export const DEFAULT_MAX_ERRORS = 100;

export interface InvalidReport {
  onInvalid: (line: number, reason: string) => void;
  /** Writes the count of the records not shown, if any were left out. */
  finish: () => void;
}

/** At most `max` records are shown (0: every one). */
export function invalidReport(source: string, max: number, out: NodeJS.WritableStream): InvalidReport {
  let count = 0;
  return {
    onInvalid: (line, reason) => {
      count += 1;
      if (max === 0 || count <= max) out.write(`${source}:${line}: ${reason}\n`);
    },
    finish: () => {
      if (max === 0 || count <= max) return;
      const more = count - max;
      out.write(
        `... and ${number(more)} more invalid record${more === 1 ? '' : 's'} (${number(count)} in all)\n`,
      );
    },
  };
}

const number = (value: number) => value.toLocaleString('en-US');
