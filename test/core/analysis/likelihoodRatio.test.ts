import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { favouredBy, likelihoodRatioTests, vuongTest } from '../../../src/core/analysis/likelihoodRatio';
import { fitPowerLaw, maximumLikelihoodAlpha } from '../../../src/core/analysis/powerlaw';
import { seededRandom } from '../../../src/core/random';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/powerlaw/', import.meta.url));
const degreesOf = (name: string): number[] => (JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as { degrees: number[] }).degrees;

describe('vuongTest', () => {
  it('a hand-made case: ℓ = (1, 0, 0, 3) gives R = 4, σ = √2, statistic = 4/(√2·2) = √2, p = erfc(1)', () => {
    // ln p1 − ln p2 at x = 1, 2 (twice), 3
    const l1 = (x: number): number => ({ 1: 1, 2: 0, 3: 3 })[x] as number;
    const v = vuongTest({ values: [1, 2, 3], counts: [1, 2, 1], n: 4 }, l1, () => 0);
    expect(v.R).toBe(4);
    expect(v.sigma).toBeCloseTo(Math.sqrt(2), 14); // Σ(ℓ − 1)² = 6, / (n − 1) = 2
    expect(v.statistic).toBeCloseTo(Math.SQRT2, 14);
    expect(v.p).toBeCloseTo(0.15729920705028513, 13); // erfc(|R|/(σ√(2n))) = erfc(1)
  });

  it('identical models: R = 0, p = 1; a constant non-zero difference: p = 0', () => {
    const tail = { values: [1, 2], counts: [3, 4], n: 7 };
    expect(vuongTest(tail, () => -1, () => -1)).toEqual({ R: 0, sigma: 0, statistic: 0, p: 1 });
    expect(vuongTest(tail, () => -1, () => -2).p).toBe(0);
    expect(() => vuongTest({ values: [1], counts: [1], n: 1 }, () => 0, () => 0)).toThrow(RangeError);
  });

  it('favouredBy: the sign of R only when p < 0.1, never for a degenerate fit', () => {
    expect(favouredBy('lognormal', { R: 5, p: 0.01 })).toBe('power law');
    expect(favouredBy('lognormal', { R: -5, p: 0.01 })).toBe('lognormal');
    expect(favouredBy('lognormal', { R: -5, p: 0.1 })).toBe('neither');
    expect(favouredBy('lognormal', { R: -5, p: 0.01 }, true)).toBe('neither');
  });
});

describe('likelihoodRatioTests', () => {
  it('data drawn from a discrete exponential favour the exponential over the power law (p < 0.1) on the whole sample', () => {
    const r = seededRandom(21);
    const degrees = Array.from({ length: 3000 }, () => 1 + Math.floor(-Math.log(1 - r.next()) / 0.2));
    const sumLog = degrees.reduce((s, d) => s + Math.log(d), 0);
    const whole = { xmin: 1, alpha: maximumLikelihoodAlpha(1, degrees.length, sumLog) };
    const [exp] = likelihoodRatioTests(degrees, whole, { alternatives: ['exponential'] });
    expect(exp!.R).toBeLessThan(0);
    expect(exp!.p).toBeLessThan(0.1);
    expect(exp!.favoured).toBe('exponential');
    // the KS scan retreats to a far tail (x_min = 19, 85 values) where a steep power law fits as
    // well: there the test cannot tell them apart, and it does not favour the power law
    const [far] = likelihoodRatioTests(degrees, fitPowerLaw(degrees)!, { alternatives: ['exponential'] });
    expect(far!.favoured).toBe('neither');
  });

  it('power-law data: the exponential is rejected, the heavy-tailed alternatives are inconclusive', () => {
    const degrees = degreesOf('pl-alpha2.5-xmin1-n2000-seed7');
    const tests = likelihoodRatioTests(degrees, fitPowerLaw(degrees)!);
    expect(tests.map((t) => t.alternative)).toEqual(['exponential', 'lognormal', 'stretched exponential']);
    expect(tests[0]!.favoured).toBe('power law');
    expect(tests[1]!.favoured).toBe('neither');
    expect(tests[2]!.favoured).toBe('neither');
  });

  it('Gnutella: the power law beats the exponential by far; the heavy-tailed fits degenerate into power laws', () => {
    const degrees = degreesOf('gnutella08-undirected');
    const tests = likelihoodRatioTests(degrees, fitPowerLaw(degrees)!);
    expect(tests[0]!.statistic).toBeGreaterThan(10);
    expect(tests.slice(1).every((t) => t.degenerate && t.favoured === 'neither')).toBe(true);
  });
});
