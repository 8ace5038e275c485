/** The token buckets of the per-origin rate limit: the bucket arithmetic on a hand-moved clock, and the LRU bound. */
import { describe, expect, it } from 'vitest';
import { OriginLimiter } from '../../../src/core/peer/originLimiter';

const T0 = 1_700_000_000_000;

describe('OriginLimiter', () => {
  it('passes a new key its burst at once, then ratePerSec a second; never more than burst + rate × t', () => {
    const l = new OriginLimiter({ burst: 5, ratePerSec: 10, maxKeys: 10 });
    let passed = 0;
    for (let i = 0; i < 20; i++) if (l.take('o', T0)) passed++;
    expect(passed).toBe(5);
    expect(l.take('o', T0 + 99)).toBe(false); // 0.99 of a token
    expect(l.take('o', T0 + 100)).toBe(true); // one token every 100 ms
    expect(l.take('o', T0 + 100)).toBe(false);
    // over 10 s of steady asking (every 10 ms), at most 5 + 10 × 10 pass
    for (let t = T0 + 100; t <= T0 + 10_100; t += 10) if (l.take('o', t)) passed++;
    expect(passed + 1).toBe(5 + 1 + 100);
  });

  it('refills to the burst and no further; a clock that goes back adds nothing', () => {
    const l = new OriginLimiter({ burst: 3, ratePerSec: 1, maxKeys: 10 });
    for (let i = 0; i < 3; i++) expect(l.take('o', T0)).toBe(true);
    expect(l.tokens('o', T0 + 60_000)).toBe(3);
    expect(l.tokens('o', T0 - 60_000)).toBe(0);
    expect(l.take('o', T0 - 60_000)).toBe(false);
    expect(l.take('o', T0 + 1_000)).toBe(true); // measured from T0, not from the earlier reading
    expect(l.tokens('fresh', T0)).toBe(3);
  });

  it('keeps one bucket per key, independent', () => {
    const l = new OriginLimiter({ burst: 1, ratePerSec: 0, maxKeys: 10 });
    expect(l.take('a', T0)).toBe(true);
    expect(l.take('a', T0)).toBe(false);
    expect(l.take('b', T0)).toBe(true);
    expect(l.size).toBe(2);
  });

  it('holds at most maxKeys buckets, forgetting the least recently used first (recency kept to the second)', () => {
    const l = new OriginLimiter({ burst: 1, ratePerSec: 0, maxKeys: 3 });
    for (const k of ['a', 'b', 'c']) l.take(k, T0);
    l.take('a', T0 + 1000); // a is now the most recent: b is the oldest
    l.take('d', T0 + 1000);
    expect(l.size).toBe(3);
    expect(l.evicted).toBe(1);
    expect(l.has('b')).toBe(false);
    expect(l.has('a') && l.has('c') && l.has('d')).toBe(true);
    for (let i = 0; i < 10_000; i++) l.take(`k${i}`, T0);
    expect(l.size).toBe(3);
    // a forgotten key starts full again
    expect(l.take('b', T0)).toBe(true);
  });

  it('does not reorder a key used again within the same second', () => {
    const l = new OriginLimiter({ burst: 5, ratePerSec: 0, maxKeys: 2 });
    l.take('a', T0);
    l.take('b', T0);
    l.take('a', T0 + 999); // within the second: a stays the oldest
    l.take('c', T0 + 999);
    expect(l.has('a')).toBe(false);
    expect(l.has('b') && l.has('c')).toBe(true);
  });

  it('refuses a negative burst or rate, or no keys', () => {
    expect(() => new OriginLimiter({ burst: -1, ratePerSec: 1, maxKeys: 1 })).toThrow(RangeError);
    expect(() => new OriginLimiter({ burst: 1, ratePerSec: Number.NaN, maxKeys: 1 })).toThrow(RangeError);
    expect(() => new OriginLimiter({ burst: 1, ratePerSec: 1, maxKeys: 0 })).toThrow(RangeError);
  });
});
