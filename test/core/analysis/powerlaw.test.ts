import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  ALPHA_MAX,
  fitPowerLaw,
  maximumLikelihoodAlpha,
  powerLawCcdf,
  powerLawLogLikelihood,
  type PowerLawFit,
} from '../../../src/core/analysis/powerlaw';
import { hurwitzZeta } from '../../../src/core/analysis/zeta';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/powerlaw/', import.meta.url));

interface Fixture {
  description: string;
  degrees: number[];
  expected: PowerLawFit;
}

function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Fixture;
}

const fixtureNames = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();

/** Deterministic uniform [0, 1) generator (mulberry32) for test samples. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fit straight from the definition in shared/README.md: for each x_min, α by the library's
 * maximiser, D by evaluating 1 − ζ(α, x+1)/ζ(α, x_min) at every integer x in [x_min, max].
 */
function referenceFit(degrees: number[]): { xmin: number; alpha: number; D: number } {
  const xs = degrees.filter((d) => d > 0).sort((a, b) => a - b);
  const distinct = [...new Set(xs)];
  const max = xs[xs.length - 1] as number;
  let best = { xmin: 0, alpha: 0, D: Infinity };
  for (const xmin of distinct.slice(0, -1)) {
    const tail = xs.filter((x) => x >= xmin);
    const alpha = maximumLikelihoodAlpha(xmin, tail.length, tail.reduce((s, x) => s + Math.log(x), 0));
    const zmin = hurwitzZeta(alpha, xmin);
    let D = 0;
    let k = 0;
    for (let x = xmin; x <= max; x++) {
      while (k < tail.length && (tail[k] as number) <= x) k++;
      D = Math.max(D, Math.abs(k / tail.length - (1 - hurwitzZeta(alpha, x + 1) / zmin)));
    }
    if (D < best.D) best = { xmin, alpha, D };
  }
  return best;
}

describe('fitPowerLaw on shared/fixtures/powerlaw', () => {
  it('finds the fixtures', () => {
    expect(fixtureNames.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of fixtureNames) {
    it(`matches ${name}`, () => {
      const { degrees, expected } = loadFixture(name);
      const fit = fitPowerLaw(degrees);
      expect(fit).not.toBeNull();
      if (fit === null) return;
      expect(fit.xmin).toBe(expected.xmin);
      expect(fit.nTail).toBe(expected.nTail);
      expect(fit.n).toBe(expected.n);
      expect(Math.abs(fit.alpha - expected.alpha)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(fit.D - expected.D)).toBeLessThanOrEqual(0.002);
      expect(Math.abs(fit.sigma - expected.sigma)).toBeLessThanOrEqual(0.005);
    });
  }

  // how fast the fit is (6,301 Gnutella degrees) is a benchmark's question, not this suite's: a
  // loaded machine must not fail a correct fit. Correctness on that fixture is checked above.
  it('fits the Gnutella degrees (6,301 values) the same way every time', () => {
    const { degrees } = loadFixture('gnutella08-undirected.json');
    expect(degrees.length).toBe(6_301);
    expect(fitPowerLaw(degrees)).toEqual(fitPowerLaw([...degrees].reverse()));
  });
});

describe('fitPowerLaw', () => {
  it('agrees with a brute-force evaluation of the definition, including long gaps between values', () => {
    const u = rng(42);
    // Discrete-ish heavy tail with α ≈ 1.8 and values up to a few thousand.
    const degrees = Array.from({ length: 400 }, () => Math.min(5000, Math.floor(2 * (1 - u()) ** (-1 / 0.8))));
    degrees.push(0, 0, 0);
    const fit = fitPowerLaw(degrees);
    const ref = referenceFit(degrees);
    expect(fit).not.toBeNull();
    expect(fit?.xmin).toBe(ref.xmin);
    expect(fit?.alpha).toBeCloseTo(ref.alpha, 10);
    expect(fit?.D).toBeCloseTo(ref.D, 10);
    expect(fit?.n).toBe(400);
  });

  it('maximises the log-likelihood', () => {
    const tail = [2, 2, 2, 3, 3, 4, 5, 8, 13];
    const sumLog = tail.reduce((s, x) => s + Math.log(x), 0);
    const a = maximumLikelihoodAlpha(2, tail.length, sumLog);
    const L = (al: number): number => powerLawLogLikelihood(al, 2, tail.length, sumLog);
    expect(L(a)).toBeGreaterThanOrEqual(L(a - 1e-4));
    expect(L(a)).toBeGreaterThanOrEqual(L(a + 1e-4));
  });

  it('returns null when there are fewer than two distinct positive values', () => {
    expect(fitPowerLaw([])).toBeNull();
    expect(fitPowerLaw([0, 0, 0])).toBeNull();
    expect(fitPowerLaw([4, 4, 4])).toBeNull();
    expect(fitPowerLaw([0, 7, 0, 7])).toBeNull();
  });

  it('fits two distinct values with x_min the smaller one', () => {
    const fit = fitPowerLaw([0, 1, 1, 1, 2]);
    expect(fit).toMatchObject({ xmin: 1, nTail: 4, n: 4 });
    expect(fit?.alpha).toBeGreaterThan(1);
    expect(fit?.alpha).toBeLessThanOrEqual(ALPHA_MAX);
  });

  it('keeps α within (1, 20] when the tail is concentrated at x_min', () => {
    const fit = fitPowerLaw([...Array<number>(1000).fill(1), 2]);
    expect(fit?.alpha).toBeGreaterThan(10);
    expect(fit?.alpha).toBeLessThanOrEqual(ALPHA_MAX);
  });

  it('throws RangeError for negative or non-integer values', () => {
    expect(() => fitPowerLaw([1, 2, -1])).toThrow(RangeError);
    expect(() => fitPowerLaw([1, 2.5])).toThrow(RangeError);
    expect(() => fitPowerLaw([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('powerLawCcdf', () => {
  const fit = { alpha: 2.5, xmin: 3 };

  it('is 1 at and below x_min and ζ(α, x)/ζ(α, x_min) above', () => {
    expect(powerLawCcdf(fit, 3)).toBe(1);
    expect(powerLawCcdf(fit, 1)).toBe(1);
    const z3 = hurwitzZeta(2.5, 3);
    expect(powerLawCcdf(fit, 4)).toBeCloseTo(1 - 3 ** -2.5 / z3, 14);
    expect(powerLawCcdf(fit, 10)).toBeCloseTo(hurwitzZeta(2.5, 10) / z3, 14);
    expect(powerLawCcdf(fit, 9.2)).toBe(powerLawCcdf(fit, 10));
  });

  it('decreases towards 0', () => {
    let prev = 1;
    for (const x of [4, 8, 16, 1e3, 1e6]) {
      const p = powerLawCcdf(fit, x);
      expect(p).toBeLessThan(prev);
      expect(p).toBeGreaterThan(0);
      prev = p;
    }
    expect(powerLawCcdf(fit, Infinity)).toBe(0);
    expect(() => powerLawCcdf(fit, Number.NaN)).toThrow(RangeError);
  });
});
