/** The one timing table: its bounds, and the check the app's validation and the CLI share. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, TIMING_BOUNDS, TIMING_KEYS, checkTiming, checkTimingValue } from '../../../src/core/peer/options';

describe('TIMING_BOUNDS', () => {
  it('bounds every field of PeerTiming, and the defaults lie within them', () => {
    expect([...TIMING_KEYS].sort()).toEqual(Object.keys(DEFAULT_TIMING).sort());
    for (const k of TIMING_KEYS) expect(checkTimingValue(k, DEFAULT_TIMING[k])).toBeUndefined();
  });

  it('gives intervals 10 ms … 1 day, counts 0 … 1,000,000 and misses 1 … 1,000', () => {
    expect(TIMING_BOUNDS.gossipIntervalMs).toMatchObject({ min: 10, max: 86_400_000, unit: 'ms' });
    expect(TIMING_BOUNDS.livenessIntervalMs).toMatchObject({ min: 10, max: 86_400_000, unit: 'ms' });
    expect(TIMING_BOUNDS.gossipCount).toMatchObject({ min: 0, max: 1_000_000 });
    expect(TIMING_BOUNDS.livenessMisses).toMatchObject({ min: 1, max: 1_000 });
  });
});

describe('checkTiming', () => {
  it('accepts the bounds themselves and skips fields not given', () => {
    expect(checkTiming({})).toBeUndefined();
    for (const k of TIMING_KEYS) {
      expect(checkTiming({ [k]: TIMING_BOUNDS[k].min })).toBeUndefined();
      expect(checkTiming({ [k]: TIMING_BOUNDS[k].max })).toBeUndefined();
    }
  });

  it('names each field out of bounds, with its unit', () => {
    expect(checkTiming({ gossipIntervalMs: 9 })).toBe('gossip interval must be at least 10 ms');
    expect(checkTiming({ livenessMisses: 1001, gossipCount: -1 })).toBe('gossip count must be at least 0; liveness misses must be at most 1000');
    expect(checkTiming({ neighbours: 2.5 })).toBe('neighbours (m) must be a whole number');
    expect(checkTiming({ livenessIntervalMs: 'soon' })).toBe('liveness interval must be a number');
  });
});
