import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootstrapGoodnessOfFit } from '../../../src/core/analysis/bootstrap';
import { seededRandom } from '../../../src/core/random';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/powerlaw/', import.meta.url));
interface Fixture { degrees: number[]; reference: { gof: { p: number } } }
const fixture = (name: string): Fixture => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

describe('bootstrapGoodnessOfFit (CSN §4.1)', () => {
  it('power-law data: p ≥ 0.1 with a few sets, the power law is not ruled out', async () => {
    const r = await bootstrapGoodnessOfFit(fixture('pl-alpha2.5-xmin1-n2000-seed7').degrees, 50, seededRandom(7));
    expect(r.sets).toBe(50);
    expect(r.p).toBeGreaterThanOrEqual(0.1);
    expect(r.p).toBe(r.atLeast / r.sets);
    expect(r.syntheticD.min).toBeLessThanOrEqual(r.syntheticD.median);
    expect(r.syntheticD.median).toBeLessThanOrEqual(r.syntheticD.max);
  });

  it('the Gnutella graph fails it: no synthetic set is as far from its fit (p = 0)', async () => {
    const r = await bootstrapGoodnessOfFit(fixture('gnutella08-undirected').degrees, 50, seededRandom(1));
    expect(r.p).toBe(0);
    expect(r.syntheticD.max).toBeLessThan(r.D);
  });

  it.each(['ba-n1000-m2-seed1', 'pl-alpha2.5-xmin1-n2000-seed7'])('%s: 1,000 sets land within ±0.05 of poweRlaw’s p', async (name) => {
    const f = fixture(name);
    const r = await bootstrapGoodnessOfFit(f.degrees, 1000, seededRandom(2009));
    expect(Math.abs(r.p - f.reference.gof.p)).toBeLessThanOrEqual(0.05);
  });

  it('the same seed gives the same p and the same distances; another seed other distances', async () => {
    const degrees = fixture('ba-n1000-m2-seed1').degrees;
    const a = await bootstrapGoodnessOfFit(degrees, 30, seededRandom(42));
    const b = await bootstrapGoodnessOfFit(degrees, 30, seededRandom(42));
    const c = await bootstrapGoodnessOfFit(degrees, 30, seededRandom(43));
    expect(b).toEqual(a);
    expect(c.syntheticD).not.toEqual(a.syntheticD);
  });

  it('an AbortSignal stops it between sets: from the progress callback, and from a timer', async () => {
    const degrees = fixture('ba-n1000-m2-seed1').degrees;
    const controller = new AbortController();
    let seen = 0;
    const run = bootstrapGoodnessOfFit(degrees, 1000, seededRandom(1), {
      signal: controller.signal,
      onProgress: (done, total) => {
        seen = done;
        expect(total).toBe(1000);
        if (done === 5) controller.abort(new Error('stop'));
      },
    });
    await expect(run).rejects.toThrow('stop');
    expect(seen).toBe(5);

    const timer = new AbortController();
    let last = 0;
    setTimeout(() => timer.abort(), 30);
    await expect(bootstrapGoodnessOfFit(degrees, 100_000, seededRandom(1), { signal: timer.signal, onProgress: (d) => (last = d) })).rejects.toThrow();
    expect(last).toBeGreaterThan(0);
    expect(last).toBeLessThan(100_000);
  });

  it('rejects a bad number of sets and data with nothing to fit', async () => {
    await expect(bootstrapGoodnessOfFit([1, 2, 3], 0, seededRandom(1))).rejects.toThrow(RangeError);
    await expect(bootstrapGoodnessOfFit([4, 4, 4], 10, seededRandom(1))).rejects.toThrow(RangeError);
  });
});
