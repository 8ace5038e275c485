/**
 * A {@link Clock} that only moves when a test moves it: `now()` stands still and no timer runs
 * until the test calls {@link ManualClock.advance}, which runs every timer that falls due, in
 * order of due time (then of creation), with `now()` set to each one's due time as it runs.
 *
 * Hand it to a node (`new NetworkHost({ clock })`, `new Connection(socket, clock, …)`) and the
 * node's timing logic — liveness rounds, gossip timers, frame and idle timeouts — runs on the
 * test's schedule, not the machine's: a loaded machine makes a test slower, never different.
 *
 * Real sockets still run in real time. With them, advance, then wait for the I/O the timers
 * started with {@link settle} or `waitFor` (test/helpers/waitFor.ts) before advancing again.
 */
import type { Clock, TimerHandle } from '../../src/core/clock';
import { waitFor } from './waitFor';
import type { WaitOptions } from './waitFor';

interface Timer {
  id: number;
  due: number;
  /** The delay it was set with, ms. */
  delay: number;
  fn: () => void;
}

/** A timer still to run, as {@link ManualClock.timers} lists it. */
export interface PendingTimer {
  /** Its handle, as {@link ManualClock.setTimeout} returned it. */
  id: number;
  /** When it runs, in the clock's time (ms). */
  due: number;
  /** The delay it was set with, ms. */
  delay: number;
}

export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly queue = new Map<number, Timer>();

  /** @param start the initial `now()` (default: the real time at creation, so timestamps look like times). */
  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const delay = Math.max(0, Number.isFinite(ms) ? ms : 0);
    const id = ++this.seq;
    this.queue.set(id, { id, due: this.time + delay, delay, fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.queue.delete(handle);
  }

  /**
   * Moves the time forward by `ms` (0 runs only what is due now), running every timer due by
   * then — including timers those timers set — in order. Returns how many ran.
   */
  advance(ms: number): number {
    if (ms < 0) throw new Error(`ManualClock cannot go back (advance(${ms}))`);
    const target = this.time + ms;
    let ran = 0;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.queue.delete(next.id);
      this.time = Math.max(this.time, next.due);
      ran++;
      next.fn();
    }
    this.time = target;
    return ran;
  }

  /** Moves to the earliest pending timer and runs it (with any due at the same time). False when none is pending. */
  runNext(): boolean {
    const next = this.earliest();
    if (!next) return false;
    this.advance(next.due - this.time);
    return true;
  }

  /** Timers still to run, earliest first. */
  timers(): PendingTimer[] {
    return [...this.queue.values()].sort(byDue).map(({ id, due, delay }) => ({ id, due, delay }));
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.queue.size;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.queue.values()) if (!best || byDue(t, best) < 0) best = t;
    return best;
  }
}

function byDue(a: { due: number; id?: number }, b: { due: number; id?: number }): number {
  return a.due - b.due || (a.id ?? 0) - (b.id ?? 0);
}

/**
 * Lets real I/O run: resolves after `turns` rounds of the event loop's poll phase (each a
 * `setImmediate` after a 0 ms timer), so socket reads queued by now have been handled.
 */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Advances `clock` by `stepMs` at a time, letting real I/O run between steps, until `cond()` holds.
 * For a condition that needs both timers and sockets (gossip rounds spreading over real links).
 * @throws Error when it does not hold after `maxSteps` steps or `timeoutMs` of real time.
 */
export async function advanceUntil(
  clock: ManualClock,
  cond: () => boolean | Promise<boolean>,
  opts: WaitOptions & { stepMs: number; maxSteps?: number },
): Promise<void> {
  const maxSteps = opts.maxSteps ?? 1_000;
  let steps = 0;
  await waitFor(
    async () => {
      if (await cond()) return true;
      if (steps >= maxSteps) throw new Error(`${opts.what ?? 'a condition'} did not hold after ${steps} steps of ${opts.stepMs} ms`);
      steps++;
      clock.advance(opts.stepMs);
      await settle(1);
      return cond();
    },
    { timeoutMs: opts.timeoutMs ?? 20_000, intervalMs: opts.intervalMs ?? 5, what: opts.what },
  );
}
