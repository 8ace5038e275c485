/**
 * The repeating timer `every` on the test's manual clock (test/helpers/manualClock.ts), and the
 * manual clock itself: timers run only when the test advances it, in order of due time.
 */
import { describe, expect, it } from 'vitest';
import { every } from '../../src/core/clock';
import { ManualClock } from '../helpers/manualClock';

describe('ManualClock', () => {
  it('runs nothing until advanced, then every due timer in order, with now() at each due time', () => {
    const clock = new ManualClock(1_000);
    const ran: Array<[string, number]> = [];
    clock.setTimeout(() => ran.push(['b', clock.now()]), 20);
    clock.setTimeout(() => ran.push(['a', clock.now()]), 10);
    clock.setTimeout(() => ran.push(['c', clock.now()]), 20); // same due time: in creation order
    const cancelled = clock.setTimeout(() => ran.push(['x', clock.now()]), 5);
    clock.clearTimeout(cancelled);
    expect(clock.now()).toBe(1_000);
    expect(clock.pending).toBe(3);
    expect(clock.advance(9)).toBe(0);
    expect(ran).toEqual([]);
    expect(clock.advance(11)).toBe(3);
    expect(ran).toEqual([
      ['a', 1_010],
      ['b', 1_020],
      ['c', 1_020],
    ]);
    expect(clock.now()).toBe(1_020);
  });

  it('runs timers set by timers when they fall due within the same advance', () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    clock.setTimeout(() => {
      ran.push(clock.now());
      clock.setTimeout(() => ran.push(clock.now()), 5);
      clock.setTimeout(() => ran.push(clock.now()), 50);
    }, 10);
    clock.advance(20);
    expect(ran).toEqual([10, 15]);
    expect(clock.timers()).toMatchObject([{ due: 60, delay: 50 }]);
    expect(clock.runNext()).toBe(true);
    expect(ran).toEqual([10, 15, 60]);
    expect(clock.runNext()).toBe(false);
  });

  it('refuses to go back', () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow(/cannot go back/);
  });
});

describe('every', () => {
  it('calls back once per interval, on schedule, until stopped', () => {
    const clock = new ManualClock(0);
    const calls: number[] = [];
    const stop = every(clock, 100, () => calls.push(clock.now()));
    clock.advance(99);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual([100]);
    clock.advance(350);
    expect(calls).toEqual([100, 200, 300, 400]);
    stop();
    clock.advance(1_000);
    expect(calls).toEqual([100, 200, 300, 400]);
    expect(clock.pending).toBe(0);
  });

  it('a slow tick does not drift the schedule', () => {
    const clock = new ManualClock(0);
    const calls: number[] = [];
    // the callback itself takes 30 ms of the clock's time
    every(clock, 100, () => {
      calls.push(clock.now());
      clock.advance(30);
    });
    clock.advance(300);
    expect(calls).toEqual([100, 200, 300]);
  });
});
