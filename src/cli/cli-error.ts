// A failure the user can act on: main() prints its message on one line and exits non-zero, never a stack trace.
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(`${message} (see: frontline help)`, 2);
