/**
 * The CCDF export with its fit (src/host/exportCcdf.ts, and `exportDegrees` with `chart: 'ccdf'`):
 * the CSV's comment lines, header and rows — the empirical P(X ≥ x) as core's `ccdf` gives it and
 * the fitted P as the panel's line — and the file name, through a directory save target.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ccdf } from '../../src/core/analysis/degrees';
import { fitPowerLaw, powerLawCcdf } from '../../src/core/analysis/powerlaw';
import { CCDF_CSV_HEADER, ccdfCsv, ccdfFileName } from '../../src/host/exportCcdf';
import { exportDegrees } from '../../src/host/exportDegrees';
import type { SaveTarget } from '../../src/host/exportDegrees';
import { commandSchemas } from '../../src/shared/validation';

const DEGREES = [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8, 9, 13, 21];

describe('ccdfCsv', () => {
  it('comments with the fit, the header, one row per distinct positive degree; fitted P from x_min on', () => {
    const fit = fitPowerLaw(DEGREES)!;
    const lines = ccdfCsv(DEGREES, '# scope: local').trimEnd().split('\n');
    expect(lines[0]).toBe('# scope: local');
    expect(lines[1]).toBe(`# discrete power-law fit (Clauset, Shalizi & Newman 2009): alpha ${fit.alpha} ± ${fit.sigma}, xmin ${fit.xmin}, KS D ${fit.D}, tail ${fit.nTail} of ${fit.n}`);
    expect(lines[2]).toMatch(/^# empirical_ccdf = P\(X ≥ degree\)/);
    expect(lines[3]).toBe(CCDF_CSV_HEADER);
    const rows = lines.slice(4).map((l) => l.split(','));
    const expected = ccdf(DEGREES.filter((d) => d > 0));
    expect(rows.map((r) => [Number(r[0]), Number(r[1])])).toEqual(expected.map((p) => [p.degree, p.p]));
    for (const [x, , fitted] of rows) {
      const d = Number(x);
      if (d < fit.xmin) expect(fitted).toBe('');
      else expect(Number(fitted)).toBeCloseTo((powerLawCcdf(fit, d) * fit.nTail) / fit.n, 12);
    }
  });

  it('without a fit: says so, and the fitted column stays empty', () => {
    const lines = ccdfCsv([3, 3, 3]).trimEnd().split('\n');
    expect(lines[0]).toBe('# no power-law fit: fewer than two distinct positive degrees');
    expect(lines.slice(3)).toEqual(['3,1,']);
  });
});

describe('exportDegrees with chart: ccdf', () => {
  it('validates the chart field (default: the histogram), and writes degree-ccdf-<scope>.csv', async () => {
    expect(commandSchemas.exportDegrees.parse({ format: 'csv' })).toEqual({ format: 'csv' });
    expect(commandSchemas.exportDegrees.parse({ format: 'csv', chart: 'ccdf' })).toEqual({ format: 'csv', chart: 'ccdf' });
    expect(commandSchemas.exportDegrees.safeParse({ format: 'csv', chart: 'pie' }).error?.issues[0]?.message).toBe('the chart must be histogram or ccdf');
    expect(ccdfFileName('png', 'both')).toBe('degree-ccdf-both.png');

    const dir = mkdtempSync(join(tmpdir(), 'gossip-lab-ccdf-'));
    try {
      const asked: string[] = [];
      const target: SaveTarget = {
        choosePath: async (name) => {
          asked.push(name);
          return join(dir, name);
        },
      };
      const rows = DEGREES.map((d, i) => [`127.0.0.1:${7000 + i}`, d] as const);
      const r = await exportDegrees({ format: 'csv', chart: 'ccdf' }, target, 'local', () => rows);
      expect(asked).toEqual(['degree-ccdf-local.csv']);
      expect(r.canceled).toBe(false);
      const text = readFileSync(join(dir, 'degree-ccdf-local.csv'), 'utf8');
      expect(text.split('\n')[0]).toMatch(/^# scope: local .*: 22 peers/);
      expect(text).toContain(`\n${CCDF_CSV_HEADER}\n`);
      // no chart: the degree sequence as before
      await exportDegrees({ format: 'csv' }, target, 'local', () => rows);
      expect(basename(asked[1]!)).toBe('degree-sequence-local.csv');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
