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

/** What the system says a failed file or network call ran into, in words, and what the user can do. */
const ENVIRONMENT_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied: choose a place you can write to',
  EPERM: 'not permitted: choose a place you can write to',
  EROFS: 'the file system is read-only: choose a place you can write to',
  ENOSPC: 'no space left on the device: free some space or choose another place',
  EDQUOT: 'disk quota exceeded: free some space or choose another place',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EMFILE: 'too many open files',
  ECONNREFUSED: 'the connection was refused: is the server running there?',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'no such host',
  EHOSTUNREACH: 'the host cannot be reached',
};

const SYSCALL_WORDS: Record<string, string> = {
  connect: 'cannot connect to', open: 'cannot open', mkdir: 'cannot create the folder', rename: 'cannot move a file to',
  write: 'cannot write', unlink: 'cannot remove', rmdir: 'cannot remove', scandir: 'cannot read the folder', getaddrinfo: 'cannot look up',
};

/**
 * The message for an error the environment caused (a folder rover cannot write, a server it cannot
 * reach), naming what and where; undefined for any other error.
 */
export function environmentProblem(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number; dest?: string };
  const problem = typeof err?.code === 'string' ? ENVIRONMENT_PROBLEMS[err.code] : undefined;
  if (!problem) return undefined;
  const where = err.path ?? (err.address ? `${err.address}${err.port ? `:${err.port}` : ''}` : undefined);
  const what = SYSCALL_WORDS[err.syscall ?? ''] ?? 'cannot use';
  return `${what} ${where ?? '(a place the system did not name)'}: ${problem} (${err.code})`;
}
