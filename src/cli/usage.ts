/** Errors that mean "the command line or its input is wrong": exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
