/**
 * Small timing tools the host uses to keep the UI stream bounded: a trailing throttle (run at
 * most once per gap, never drop the last call), a fixed-window rate limiter, and a per-key
 * cooldown. All run on an injectable {@link Clock}; times in ms.
 */
import type { Clock, TimerHandle } from '../core/clock';
import { systemClock } from '../core/clock';

/**
 * Runs `fn` after `poke()`, at most once every `gapMs`: the first poke after a quiet spell runs
 * on the next turn of the event loop, pokes within the gap are merged into one trailing run.
 * The gap is measured from the end of one run to the start of the next.
 */
export class Throttle {
  private timer: TimerHandle | undefined;
  private lastRunEnd = -Infinity;
  /** When the scheduled run is due, ms (clock time). */
  private dueAt = Infinity;
  private closed = false;

  /**
   * @param gapMs least time between two runs, ms
   * @param fn the work; an exception is logged and does not stop later runs
   */
  constructor(
    private readonly gapMs: number,
    private readonly fn: () => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Asks for a run; it happens as soon as the gap allows. Ignored after `close()`. */
  poke(): void {
    if (this.closed || this.timer !== undefined) return;
    this.arm();
  }

  /**
   * Runs now a scheduled run whose timer is more than half a gap late — the thread is busy with a
   * long turn of the event loop (many sockets ready at once), so timers wait. Lets
   * a caller on the busy path keep the promised rate instead of falling behind it.
   * @returns true when it ran.
   */
  runIfOverdue(): boolean {
    // late by half a gap: a timer a little late (the same turn, a ms of clock) is not overdue
    if (this.timer === undefined || this.clock.now() < this.dueAt + this.gapMs / 2) return false;
    this.clock.clearTimeout(this.timer);
    this.fire();
    return true;
  }

  /** True while a run is scheduled. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Cancels a scheduled run and refuses new ones. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    const now = this.clock.now();
    const wait = Math.max(0, this.lastRunEnd + this.gapMs - now);
    this.dueAt = now + wait;
    this.timer = this.clock.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.closed) return;
    // timers may fire a millisecond early by the wall clock: never run inside the gap
    if (this.clock.now() < this.lastRunEnd + this.gapMs) {
      this.arm();
      return;
    }
    try {
      this.fn();
    } catch (e) {
      console.error('throttled task failed:', e);
    } finally {
      this.lastRunEnd = this.clock.now();
    }
  }
}

/** Lets at most `max` events through per fixed window of `windowMs`; the rest are refused. */
export class RateLimiter {
  private windowStart = -Infinity;
  private used = 0;
  /** Events refused so far. */
  dropped = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** True when one more event may pass now (and counts it). */
  allow(): boolean {
    const now = this.clock.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used >= this.max) {
      this.dropped++;
      return false;
    }
    this.used++;
    return true;
  }
}

/** Lets one event per key through every `cooldownMs` (e.g. one notice per failing address). */
export class Cooldown {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly cooldownMs: number,
    private readonly clock: Clock = systemClock,
    /** Keys remembered at most; the oldest are forgotten beyond this. */
    private readonly maxKeys = 1000,
  ) {}

  /** True when `key` has not passed within the cooldown (and records it as passing now). */
  allow(key: string): boolean {
    const now = this.clock.now();
    const prev = this.last.get(key);
    if (prev !== undefined && now - prev < this.cooldownMs) return false;
    this.last.delete(key);
    this.last.set(key, now);
    if (this.last.size > this.maxKeys) this.last.delete(this.last.keys().next().value as string);
    return true;
  }

  /** Forgets `key`, so its next event passes. */
  reset(key: string): void {
    this.last.delete(key);
  }
}
