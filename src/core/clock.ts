/**
 * The time source and timer factory every node uses. Injecting it lets tests and benchmarks run
 * a node on any clock; {@link systemClock} is the real one.
 */

/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/** Wall-clock time and one-shot timers. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; harmless for one that already ran. */
  clearTimeout(handle: TimerHandle): void;
}

/** The process's real clock (`Date.now`, global timers). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * A repeating timer on top of a {@link Clock}: calls `fn` every `intervalMs`, measured from the
 * previous call's start so a slow tick does not drift the schedule. Returns a function that stops it.
 */
export function every(clock: Clock, intervalMs: number, fn: () => void): () => void {
  let stopped = false;
  let handle: TimerHandle;
  let next = clock.now() + intervalMs;
  const tick = (): void => {
    if (stopped) return;
    next += intervalMs;
    const now = clock.now();
    if (next < now) next = now + intervalMs; // fell behind: skip, do not burst
    handle = clock.setTimeout(tick, next - now);
    fn();
  };
  handle = clock.setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
