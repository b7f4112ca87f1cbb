/**
 * An error the user caused with an input (a scenario, DEM, sequence, plan or CLI argument).
 * It names the file and the field so the message alone tells the user what to fix;
 * the CLI prints `message` without a stack trace and exits 1.
 */
export class InputError extends Error {
  constructor(
    /** The file the bad input came from (or a description such as "command line"). */
    readonly file: string,
    /** The field, line or key inside the file; empty when the whole file is at fault. */
    readonly field: string,
    /** What was wrong and what was expected. */
    readonly problem: string,
  ) {
    super(field ? `${file}: ${field}: ${problem}` : `${file}: ${problem}`);
    this.name = 'InputError';
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
