/** Exit codes every command shares. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * A usage error found after parsing (a bad option value): exits 2 with the message, which must
 * name the option and say what to change.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
