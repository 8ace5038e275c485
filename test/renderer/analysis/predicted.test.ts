/**
 * The predicted exponent beside the fit (src/renderer/src/analysis/predicted.ts): 3 + 1/m with its
 * source (Dorogovtsev, Mendes & Samukhin 2000), and the CCDF reference line of slope −(α − 1)
 * anchored where the fitted line starts, clipped so it does not stretch the y axis.
 */
import { describe, expect, it } from 'vitest';
import { degreeReport } from '../../../src/host/degreeReport';
import { predictedFor, predictedLine, predictedText } from '../../../src/renderer/src/analysis/predicted';
import { growByAttachment } from '../../../src/renderer/src/analysis/grow';
import { seededRandom } from '../../../src/core/random';

describe('predictedFor / predictedText', () => {
  it('3 + 1/m, with its source; none without a valid m', () => {
    expect(predictedFor(2)).toMatchObject({ m: 2, alpha: 3.5 });
    expect(predictedFor(2)!.source).toMatch(/Dorogovtsev, Mendes & Samukhin.*2000/);
    expect(predictedFor(1)!.alpha).toBe(4);
    expect(predictedFor(null)).toBeNull();
    expect(predictedFor(0)).toBeNull();
    expect(predictedText(predictedFor(2)!)).toBe(
      'predicted α = 3.50 for m = 2 (attachment ∝ degree + 1; Dorogovtsev, Mendes & Samukhin 2000); finite networks approach it from below',
    );
  });
});

describe('predictedLine', () => {
  it('starts at the fit line’s first point (x_min) with slope −(α − 1) on log-log axes', async () => {
    const report = degreeReport(await growByAttachment(1000, 2, seededRandom(3)));
    const line = predictedLine(report, 3.5);
    expect(line).toHaveLength(2);
    const [a, b] = line as [{ x: number; y: number }, { x: number; y: number }];
    expect(a).toEqual({ x: report.fit!.xmin, y: report.fitLine[0]!.p });
    expect(Math.log(b.y / a.y) / Math.log(b.x / a.x)).toBeCloseTo(-2.5, 10);
    const maxDegree = Math.max(...report.degrees);
    const minP = Math.min(...report.ccdf.map((p) => p.p));
    expect(b.x).toBeLessThanOrEqual(maxDegree);
    expect(b.y).toBeGreaterThanOrEqual(minP / 2 - 1e-12);
  });

  it('nothing to draw without a fit', () => {
    const report = degreeReport([2, 2, 2]);
    expect(report.fit).toBeNull();
    expect(predictedLine(report, 3.5)).toEqual([]);
  });
});
