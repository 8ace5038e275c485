import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitExponential, fitLognormal, fitStretchedExponential } from '../../../src/core/analysis/alternatives';
import { exponentialLogPmf, lognormalLogPmf, stretchedExponentialLogPmf } from '../../../src/core/analysis/discreteLaws';
import { fitPowerLaw } from '../../../src/core/analysis/powerlaw';
import { powerLawLogPmf, vuongTest } from '../../../src/core/analysis/likelihoodRatio';
import { sumOverTail, tailOf } from '../../../src/core/analysis/tail';
import { seededRandom } from '../../../src/core/random';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/powerlaw/', import.meta.url));
interface Compare { R: number; vuong: number; p_two_sided: number; params: number[] }
interface Fixture { degrees: number[]; reference: { compare: { lognormal: Compare; exponential: Compare } } }
const fixture = (name: string): Fixture => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

/** Draws n values of a continuous law by inverse survival, X = ⌊Y⌋, keeping those ≥ xmin. */
function drawFloor(n: number, xmin: number, seed: number, inverse: (u: number) => number): number[] {
  const r = seededRandom(seed);
  const out: number[] = [];
  while (out.length < n) {
    const x = Math.floor(inverse(r.next()));
    if (x >= xmin) out.push(x);
  }
  return out;
}

/** A standard normal by Box–Muller from two uniforms. */
const normal = (u: number, v: number): number => Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);

describe('discrete laws', () => {
  it('each pmf sums to 1 over x ≥ xmin, under both binnings', () => {
    for (const binning of ['floor', 'round'] as const) {
      let e = 0;
      let l = 0;
      let s = 0;
      for (let x = 3; x < 200_000; x++) {
        if (x < 2000) e += Math.exp(exponentialLogPmf(0.3, x, 3));
        l += Math.exp(lognormalLogPmf(1, 1.2, x, 3, binning));
        if (x < 5000) s += Math.exp(stretchedExponentialLogPmf(0.8, 0.5, x, 3, binning));
      }
      expect(e).toBeCloseTo(1, 12);
      expect(l).toBeCloseTo(1, 6); // the lognormal's mass beyond 2·10⁵ is ~1e-8
      expect(s).toBeCloseTo(1, 12);
    }
  });

  it('the lognormal far along its power-law ridge (σ = 5000) stays finite and normalised', () => {
    const sigma = 5000;
    const mu = -(3 - 1) * sigma * sigma; // ≈ x^{−3}
    const p10 = Math.exp(lognormalLogPmf(mu, sigma, 10, 5, 'floor'));
    const p20 = Math.exp(lognormalLogPmf(mu, sigma, 20, 5, 'floor'));
    expect(Number.isFinite(Math.log(p10))).toBe(true);
    // ∫_x^{x+1} t^{−3} dt ratios: ((10⁻² − 11⁻²) / (20⁻² − 21⁻²))
    expect(p10 / p20).toBeCloseTo((1 / 100 - 1 / 121) / (1 / 400 - 1 / 441), 3);
  });
});

describe('fitExponential', () => {
  it('is the closed form λ = ln(1 + 1/(mean − x_min)), and no λ nearby does better', () => {
    const tail = tailOf([2, 2, 3, 4, 4, 4, 7, 9, 15], 2);
    const fit = fitExponential(tail);
    const mean = 50 / 9;
    expect(fit.params.lambda).toBeCloseTo(Math.log(1 + 1 / (mean - 2)), 14);
    const ll = (lambda: number): number => sumOverTail(tail, (x) => exponentialLogPmf(lambda, x, 2));
    expect(fit.logLikelihood).toBeCloseTo(ll(fit.params.lambda as number), 12);
    for (const d of [-1e-3, 1e-3]) expect(ll((fit.params.lambda as number) + d)).toBeLessThan(fit.logLikelihood);
  });

  it('recovers λ from data drawn from a discrete exponential', () => {
    const lambda = 0.25;
    const degrees = drawFloor(20_000, 4, 11, (u) => 4 - Math.log(1 - u) / lambda);
    expect(fitExponential(tailOf(degrees, 4)).params.lambda).toBeCloseTo(lambda, 2);
  });

  it('refuses a tail of one value', () => {
    expect(() => fitExponential(tailOf([3, 3, 3], 3))).toThrow(RangeError);
  });
});

describe('fitLognormal and fitStretchedExponential', () => {
  it('recover μ, σ from data drawn from a discrete lognormal', () => {
    const r = seededRandom(6); // the second uniform of Box–Muller (drawFloor uses seed 5)
    const degrees = drawFloor(20_000, 1, 5, (u) => Math.exp(1.5 + 0.8 * normal(u, r.next())));
    const fit = fitLognormal(tailOf(degrees, 1), 2.5, 'floor'); // drawn as ⌊Y⌋
    expect(fit.params.mu).toBeCloseTo(1.5, 1);
    expect(fit.params.sigma).toBeCloseTo(0.8, 1);
    expect(fit.degenerate).toBe(false);
  });

  it('recover λ, β from data drawn from a discrete stretched exponential (above x_min = 2)', () => {
    const [lambda, beta, xmin] = [0.5, 0.6, 2];
    const degrees = drawFloor(20_000, xmin, 9, (u) => (xmin ** beta - Math.log(1 - u) / lambda) ** (1 / beta));
    const fit = fitStretchedExponential(tailOf(degrees, xmin), 2.5, 'floor'); // drawn as ⌊Y⌋
    expect(fit.params.lambda).toBeCloseTo(lambda, 1);
    expect(fit.params.beta).toBeCloseTo(beta, 1);
    expect(fit.degenerate).toBe(false);
  });

  it('the likelihood at the MLE beats small moves of each parameter', () => {
    const tail = tailOf(fixture('ba-n1000-m2-seed1').degrees, 3);
    const fit = fitLognormal(tail, 2.69, 'round');
    const ll = (mu: number, sigma: number): number => sumOverTail(tail, (x) => lognormalLogPmf(mu, sigma, x, 3, 'round'));
    const { mu, sigma } = fit.params as { mu: number; sigma: number };
    for (const [dm, ds] of [[1e-2, 0], [-1e-2, 0], [0, 1e-3], [0, -1e-3]] as const) expect(ll(mu + dm, sigma + ds)).toBeLessThanOrEqual(fit.logLikelihood + 1e-9);
  });
});

describe('against R poweRlaw (the fixtures’ reference, round binning)', () => {
  it.each(['tiny', 'pl-alpha2.5-xmin1-n2000-seed7', 'ba-n1000-m2-seed1'])('%s: R, Vuong’s statistic and p for both alternatives', (name) => {
    const f = fixture(name);
    const fit = fitPowerLaw(f.degrees)!;
    const tail = tailOf(f.degrees, fit.xmin);
    const pl = powerLawLogPmf(fit);
    const alts = { exponential: fitExponential(tail), lognormal: fitLognormal(tail, fit.alpha, 'round') };
    for (const key of ['exponential', 'lognormal'] as const) {
      const ref = f.reference.compare[key];
      const v = vuongTest(tail, pl, alts[key].logPmf);
      expect(Math.abs(v.R - ref.R)).toBeLessThanOrEqual(Math.max(0.01 * Math.abs(ref.R), Math.abs(ref.R) < 5 ? 0.05 : 0));
      expect(Math.abs(v.statistic - ref.vuong)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(v.p - ref.p_two_sided)).toBeLessThanOrEqual(0.01);
    }
    expect(alts.exponential.params.lambda).toBeCloseTo(f.reference.compare.exponential.params[0] as number, 5);
  });

  it('Gnutella: at poweRlaw’s lognormal parameters R is theirs; our maximum is higher (theirs stopped on the ridge toward a power law)', () => {
    const f = fixture('gnutella08-undirected');
    const fit = fitPowerLaw(f.degrees)!;
    const tail = tailOf(f.degrees, fit.xmin);
    const [mu, sigma] = f.reference.compare.lognormal.params as [number, number];
    const theirs = (x: number): number => lognormalLogPmf(mu, sigma, x, fit.xmin, 'round');
    expect(vuongTest(tail, powerLawLogPmf(fit), theirs).R).toBeCloseTo(f.reference.compare.lognormal.R, 3);
    const ours = fitLognormal(tail, fit.alpha, 'round');
    expect(ours.logLikelihood).toBeGreaterThan(sumOverTail(tail, theirs));
    expect(ours.degenerate).toBe(true);
  });
});
