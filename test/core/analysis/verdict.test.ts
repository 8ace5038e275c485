import { describe, expect, it } from 'vitest';
import type { LikelihoodRatioTest } from '../../../src/core/analysis/likelihoodRatio';
import { comparisonWords, goodnessOfFitOutcome, powerLawVerdict, supportLevel } from '../../../src/core/analysis/verdict';

const test = (alternative: LikelihoodRatioTest['alternative'], favoured: LikelihoodRatioTest['favoured'], p: number, degenerate = false): LikelihoodRatioTest => ({
  alternative, favoured, p, degenerate, R: favoured === alternative ? -3 : 3, sigma: 1, statistic: 1, params: {}, logLikelihood: 0,
});

describe('verdict', () => {
  it('goodness of fit: plausible at p ≥ 0.1, ruled out below, not tested without a bootstrap', () => {
    expect(goodnessOfFitOutcome(0.1)).toBe('plausible');
    expect(goodnessOfFitOutcome(0.099)).toBe('ruled out');
    expect(goodnessOfFitOutcome(null)).toBe('not tested');
  });

  it('each comparison in CSN’s words', () => {
    expect(comparisonWords(test('exponential', 'power law', 0.001))).toBe('power law favoured');
    expect(comparisonWords(test('lognormal', 'lognormal', 0.02))).toBe('lognormal favoured');
    expect(comparisonWords(test('lognormal', 'neither', 0.5))).toBe('inconclusive (p ≥ 0.1): neither is favoured');
    expect(comparisonWords(test('lognormal', 'neither', 1e-9, true))).toMatch(/^inconclusive: the lognormal fit degenerates into a power law/);
  });

  it('support: none when ruled out, weak when an alternative wins, moderate when one is as good, good when the power law beats all', () => {
    const pl = test('exponential', 'power law', 0.001);
    expect(supportLevel('ruled out', [pl])).toBe('none');
    expect(supportLevel('plausible', [pl, test('lognormal', 'lognormal', 0.01)])).toBe('weak');
    expect(supportLevel('plausible', [pl, test('lognormal', 'neither', 0.4)])).toBe('moderate');
    expect(supportLevel('plausible', [pl, test('lognormal', 'power law', 0.05)])).toBe('good');
    expect(supportLevel('not tested', [pl])).toBeNull();
  });

  it('the lines: the goodness of fit with its p, one line per alternative, the support', () => {
    const v = powerLawVerdict(0, [test('exponential', 'power law', 0.001), test('lognormal', 'neither', 0.3)]);
    expect(v.lines).toEqual([
      'power law: ruled out (p = 0.000 < 0.1)',
      'vs exponential: power law favoured',
      'vs lognormal: inconclusive (p ≥ 0.1): neither is favoured',
      'support for the power law: none',
    ]);
    expect(powerLawVerdict(null, []).lines[0]).toMatch(/not tested/);
  });
});
