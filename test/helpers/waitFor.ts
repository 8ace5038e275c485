/** Polling with a deadline, for tests that wait on a condition instead of sleeping and hoping. */

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this long, ms (default 10 000). */
  timeoutMs?: number;
  /** Check this often, ms (default 10). */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

/**
 * Resolves as soon as `cond()` is true.
 * @throws Error `timed out waiting for <what>` after `timeoutMs`.
 */
export async function waitFor(cond: () => boolean | Promise<boolean>, opts: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'a condition'}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 10));
  }
}
