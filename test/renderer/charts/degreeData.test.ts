/**
 * The degree charts' data (src/renderer/src/charts/degreeData.ts) from known degree reports: the
 * histogram bars, the CCDF points and the fitted line as chart points, and the one-line fit
 * summary and the exported PNG's subtitle. Reports are built by the host's own `degreeReport`
 * (what the page receives), from a hand-counted sequence and from the shared power-law fixture
 * with its reference fit. The PNG itself (`renderDegreePng` in exportPng.ts) draws with chart.js
 * into a DOM canvas, which node has not (no jsdom or canvas package here): e2e/export.spec.ts
 * checks that picture (1200×800, not blank).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { degreeReport } from '../../../src/host/degreeReport';
import { SCOPE_LABEL, SMALL_TAIL, ccdfPoints, fitLine, fitSummary, histogramBins, pngSubtitle, pngTitle, tailWarning } from '../../../src/renderer/src/charts/degreeData';
import type { PowerLawFit } from '../../../src/shared/types';
import { EMPTY_REPORT } from '../fixtures';

const FIXTURE = fileURLToPath(new URL('../../../../shared/fixtures/powerlaw/pl-alpha2.5-xmin1-n2000-seed7.json', import.meta.url));

describe('a hand-counted report: degrees 0, 0, 1, 1, 1, 2, 2, 4', () => {
  const report = degreeReport([2, 0, 1, 4, 1, 0, 2, 1]);

  it('draws one bar per distinct degree, ascending, zeros included', () => {
    expect(histogramBins(report)).toEqual([
      { degree: 0, count: 2 },
      { degree: 1, count: 3 },
      { degree: 2, count: 2 },
      { degree: 4, count: 1 },
    ]);
  });

  it('draws the CCDF of the positive degrees: P(X ≥ x) among the 6 peers with a link', () => {
    expect(ccdfPoints(report)).toEqual([
      { x: 1, y: 1 },
      { x: 2, y: 3 / 6 },
      { x: 4, y: 1 / 6 },
    ]);
  });
});

describe('an empty network', () => {
  it('draws nothing and says there is not enough data', () => {
    expect(histogramBins(EMPTY_REPORT)).toEqual([]);
    expect(ccdfPoints(EMPTY_REPORT)).toEqual([]);
    expect(fitLine(EMPTY_REPORT)).toEqual([]);
    expect(fitSummary(EMPTY_REPORT.fit)).toBe('not enough data to fit');
  });

  it('draws no fitted line when there is too little to fit', () => {
    const report = degreeReport([2, 2, 2]);
    expect(report.fit).toBeNull();
    expect(histogramBins(report)).toEqual([{ degree: 2, count: 3 }]);
    expect(ccdfPoints(report)).toEqual([{ x: 2, y: 1 }]);
    expect(fitLine(report)).toEqual([]);
  });
});

describe('points map one to one', () => {
  it('CCDF and fit points become {x: degree, y: p} in order, untouched', () => {
    const ccdf = [
      { degree: 1, p: 1 },
      { degree: 3, p: 0.25 },
    ];
    const line = [
      { degree: 2, p: 0.5 },
      { degree: 9, p: 0.01 },
    ];
    expect(ccdfPoints({ ccdf })).toEqual([
      { x: 1, y: 1 },
      { x: 3, y: 0.25 },
    ]);
    expect(fitLine({ fitLine: line })).toEqual([
      { x: 2, y: 0.5 },
      { x: 9, y: 0.01 },
    ]);
  });
});

describe('fitSummary', () => {
  it('gives α ± σ, x_min, the KS distance and the tail size of n, rounded for reading', () => {
    const fit: PowerLawFit = { alpha: 2.5349, sigma: 0.1234, xmin: 2, D: 0.04123, nTail: 30, n: 42 };
    expect(fitSummary(fit)).toBe('α = 2.53 ± 0.12, x_min 2, KS D = 0.041, tail 30 of 42');
    expect(tailWarning(fit)).toBeNull();
  });

  it('shows the tail behind α = 10.72 with n = 500, and warns when the tail is small', () => {
    const sixteen: PowerLawFit = { alpha: 10.72, sigma: 2.43, xmin: 9, D: 0.05, nTail: 16, n: 500 };
    expect(fitSummary(sixteen)).toBe('α = 10.72 ± 2.43, x_min 9, KS D = 0.050, tail 16 of 500');
    expect(tailWarning(sixteen)).toBeNull();
    const three: PowerLawFit = { ...sixteen, nTail: 3 };
    expect(tailWarning(three)).toMatch(/^tail of 3 points: α is not meaningful/);
    expect(tailWarning({ ...sixteen, nTail: 1 })).toMatch(/^tail of 1 point: /);
    expect(tailWarning({ ...sixteen, nTail: SMALL_TAIL })).toBeNull();
    expect(tailWarning(null)).toBeNull();
    expect(pngSubtitle({ ...EMPTY_REPORT, degrees: [1, 2, 3], fit: three })).toMatch(/3 peers in the tail\) — too few for a meaningful α · /);
  });
});

describe('pngTitle', () => {
  it('names the degree scope the picture measures', () => {
    expect(pngTitle({ scope: 'remote' })).toBe('Peer degree distribution · remote peers');
    expect(pngTitle({ scope: 'local' })).toBe('Peer degree distribution · local peers');
    expect(pngTitle(EMPTY_REPORT)).toBe('Peer degree distribution · local + remote peers');
    expect(Object.keys(SCOPE_LABEL).sort()).toEqual(['both', 'local', 'remote']);
  });
});

describe('pngSubtitle', () => {
  const at = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

  it('names n, α ± σ, x_min, the KS distance, the tail and the time, so the picture stands on its own', () => {
    const fit: PowerLawFit = { alpha: 2.5349, sigma: 0.1234, xmin: 2, D: 0.04123, nTail: 30, n: 42 };
    const report = { ...EMPTY_REPORT, degrees: Array.from({ length: 42 }, () => 3), fit };
    expect(pngSubtitle(report, at)).toBe(`n = 42 peers · power-law fit: α = 2.53 ± 0.12, x_min = 2 (KS D = 0.041, 30 peers in the tail) · ${at.toLocaleString()}`);
  });

  it('says when there is no fit, and counts one peer in the singular', () => {
    expect(pngSubtitle(EMPTY_REPORT, at)).toBe(`n = 0 peers · no power-law fit (not enough data) · ${at.toLocaleString()}`);
    expect(pngSubtitle({ ...EMPTY_REPORT, degrees: [3] }, at)).toMatch(/^n = 1 peer · no power-law fit/);
  });
});

describe.skipIf(!existsSync(FIXTURE))('the shared power-law fixture (α = 2.5, x_min = 1, n = 2000)', () => {
  const fixture = existsSync(FIXTURE) ? (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { degrees: number[]; expected: PowerLawFit }) : { degrees: [], expected: null as unknown as PowerLawFit };
  const report = degreeReport(fixture.degrees);
  const positive = fixture.degrees.filter((d) => d > 0);
  const max = Math.max(...fixture.degrees);

  it('has bars that count every peer once, ascending by degree', () => {
    const bars = histogramBins(report);
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(fixture.degrees.length);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.degree).toBeGreaterThan(bars[i - 1]!.degree);
    for (const b of bars) expect(b.count).toBe(fixture.degrees.filter((d) => d === b.degree).length);
  });

  it('has a CCDF from 1 down to the share of the largest degree, never rising', () => {
    const pts = ccdfPoints(report);
    expect(pts[0]).toEqual({ x: Math.min(...positive), y: 1 });
    expect(pts.at(-1)).toEqual({ x: max, y: positive.filter((d) => d === max).length / positive.length });
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.x).toBeGreaterThan(pts[i - 1]!.x);
      expect(pts[i]!.y).toBeLessThan(pts[i - 1]!.y);
    }
  });

  it('has a fitted line from x_min to the largest degree, starting at the tail’s share and falling with slope 1 − α', () => {
    const fit = report.fit!;
    expect(fit.xmin).toBe(fixture.expected.xmin);
    expect(fit.alpha).toBeCloseTo(fixture.expected.alpha, 2);
    const line = fitLine(report);
    expect(line.length).toBeGreaterThan(1);
    expect(line.length).toBeLessThanOrEqual(121);
    expect(line[0]!.x).toBe(fit.xmin);
    expect(line[0]!.y).toBeCloseTo(fit.nTail / fit.n, 10);
    expect(line.at(-1)!.x).toBe(max);
    for (let i = 1; i < line.length; i++) expect(line[i]!.y).toBeLessThan(line[i - 1]!.y);
    // far in the tail ζ(α, x) ~ x^(1−α)/(α−1): the log-log slope tends to 1 − α
    const a = line.find((p) => p.x >= 20)!;
    const b = line.at(-1)!;
    const slope = (Math.log(b.y) - Math.log(a.y)) / (Math.log(b.x) - Math.log(a.x));
    expect(slope).toBeCloseTo(1 - fit.alpha, 1);
  });

  it('sits on the empirical CCDF where the data are dense (the fit is good: KS D small)', () => {
    const ccdf = new Map(ccdfPoints(report).map((p) => [p.x, p.y]));
    for (const p of fitLine(report).filter((q) => q.x <= 5)) {
      const empirical = ccdf.get(p.x);
      if (empirical !== undefined) expect(Math.abs(p.y - empirical)).toBeLessThanOrEqual(report.fit!.D + 1e-9);
    }
  });

  it('summarises the reference fit', () => {
    const e = fixture.expected;
    expect(fitSummary(report.fit)).toBe(`α = ${e.alpha.toFixed(2)} ± ${e.sigma.toFixed(2)}, x_min ${e.xmin}, KS D = ${e.D.toFixed(3)}, tail ${e.nTail} of ${e.n}`);
  });
});
