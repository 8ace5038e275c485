/**
 * The power-law analysis in the degree panel (issue 11, item 4): spawn peers from the UI with
 * short timing, see the predicted α beside the fit and on the CCDF; run Analyse with a few sets
 * and a seed — the progress, the p-value (the same the core gives for those degrees and that
 * seed), the likelihood-ratio table and the verdict; cancel a long run; Repeat over grown
 * networks; export the CCDF as PNG and CSV and check both files. And the real Gnutella graph,
 * opened as an edge list: the power law is ruled out, said plainly.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path, { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { bootstrapGoodnessOfFit } from '../src/core/analysis/bootstrap';
import { ccdf } from '../src/core/analysis/degrees';
import { seededRandom } from '../src/core/random';
import { repeatNetworks } from '../src/renderer/src/analysis/jobs';
import { addPeers, addSeeds, applyTiming, expect, test } from './fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GNUTELLA = path.resolve(HERE, '../../shared/datasets/p2p-Gnutella08.txt');
const PEERS = 30;

/** The newest file in `dir` whose name ends with `ext`, or null. */
function newest(dir: string, ext: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

/** The live degrees the page holds (what Analyse sends the worker). */
function pageDegrees(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __gossipLab: { store: { getState(): { report: { degrees: number[] } } } } }).__gossipLab.store.getState().report.degrees);
}

test('analyse the live network: predicted α, p-value with progress, LR table, verdict, cancel, repeat, CCDF export', async ({ lab }) => {
  test.setTimeout(240_000); // peers join one after another, and the jobs share 2 cores with them on a busy machine
  const { page } = lab;
  // the nodes in the host's own process: this spec measures the analysis, not the shards (which run at the lowest priority)
  const shards = await lab.command('setShards', { shards: 0 });
  expect(shards.ok).toBe(true);
  await applyTiming(page, { neighbours: 2, gossipIntervalMs: 500, gossipCount: 1, livenessIntervalMs: 10_000 });
  await addSeeds(page, 1);
  await addPeers(page, PEERS);
  await expect(page.getByTestId('fit-summary')).toContainText('α = ');

  // the prediction beside the fit, and its line on the CCDF
  await expect(page.getByTestId('predicted-alpha')).toHaveText(/^predicted α = 3\.50 for m = 2 \(attachment ∝ degree \+ 1; Dorogovtsev, Mendes & Samukhin 2000\); finite networks approach it from below$/);
  await expect(page.getByTestId('ccdf-chart')).toHaveAttribute('data-series', /\|predicted α 3\.50$/);

  // Analyse: 200 sets, seed 2009 → progress to 200/200, then p, the table and the verdict
  await page.getByTestId('analysis-sets').fill('200');
  await page.getByTestId('analysis-seed').fill('2009');
  // the last peers may still be linking after the join finished: wait until the degrees hold still
  let last = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await pageDegrees(page));
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [1500], timeout: 60_000 },
    )
    .toBe(true);
  const degrees = await pageDegrees(page);
  await page.getByTestId('analyse').click();
  const progress = page.getByTestId('analysis-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('data-done', '200');
  await expect(progress).toHaveAttribute('data-total', '200');
  const gof = page.getByTestId('gof-p');
  await expect(gof).toHaveText(/^The power law is (plausible|ruled out): p = \d\.\d{3} ± \d\.\d{3} \(200 synthetic sets, seed 2009\)/);
  // the page ran the core's bootstrap: the same p for these degrees and this seed
  expect(await pageDegrees(page), 'the degrees did not change during the run').toEqual(degrees);
  const core = await bootstrapGoodnessOfFit(degrees, 200, seededRandom(2009));
  await expect(gof).toHaveAttribute('data-p', String(core.p));
  await expect(gof).toHaveClass(core.p < 0.1 ? /ruled-out/ : /plausible/);
  const rows = page.getByTestId('lr-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  expect((await rows.locator('th').allTextContents()).sort()).toEqual(['exponential', 'lognormal', 'stretched exponential']);
  await expect(page.getByTestId('lr-table')).toContainText('favoured');
  const verdict = page.getByTestId('verdict').locator('li');
  await expect(verdict.first()).toHaveText(`power law: ${core.p < 0.1 ? 'ruled out' : 'plausible'} (p = ${core.p.toFixed(3)} ${core.p < 0.1 ? '<' : '≥'} 0.1)`);
  await expect(verdict.last()).toHaveText(/^support for the power law: (none|weak|moderate|good)$/);

  // cancel a long run: progress moves, Cancel stops it, no result is shown
  await page.getByTestId('analysis-sets').fill('100000');
  await page.getByTestId('analyse').click();
  await expect(progress).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByTestId('analysis-cancel').click();
  await expect(progress).toHaveAttribute('data-status', 'cancelled');
  await expect(progress).toContainText('cancelled after');
  expect(Number(await progress.getAttribute('data-done'))).toBeLessThan(100_000);
  await expect(gof).toHaveCount(0);
  await expect(page.getByTestId('analyse')).toBeEnabled();

  // Repeat: 4 networks of the live peer count, grown by the rule in the worker; the same as the core gives
  await page.getByTestId('repeat-count').fill('4');
  await page.getByTestId('repeat').click();
  const repeat = page.getByTestId('repeat-result');
  await expect(repeat).toBeVisible({ timeout: 60_000 });
  await expect(repeat).toHaveAttribute('data-n', '4');
  await expect(repeat).toContainText('not socket networks');
  await expect(repeat).toContainText(`networks of ${PEERS} peers`);
  const expected = await repeatNetworks({ peers: PEERS, m: 2, repeat: 4, seed: 2009 });
  // the same networks: α equal up to the last digits of the optimiser (the page's V8 and Node's may round apart)
  expect(Number(await repeat.getAttribute('data-mean'))).toBeCloseTo(expected.alpha.mean!, 6);
  await expect(repeat).toContainText(`α = ${expected.alpha.mean!.toFixed(2)} ± ${expected.alpha.sd!.toFixed(2)}`);
  await expect(repeat).toContainText('predicted 3.50');

  // export the CCDF: a 1200×800 PNG that is not blank, and the CSV of the core's CCDF with the fit
  const shown = page.getByTestId('ccdf-export-path').locator('code');
  await page.getByTestId('export-ccdf-png').click();
  await expect(shown).toHaveText(/degree-ccdf-.*\.png$/);
  const pngPath = newest(lab.exportDir, '.png')!;
  expect(await shown.textContent()).toBe(pngPath);
  const png = PNG.sync.read(readFileSync(pngPath));
  expect([png.width, png.height]).toEqual([1200, 800]);
  const colours = new Set<number>();
  let green = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    colours.add((r << 16) | (g << 8) | b);
    if (g > 120 && g > r + 60 && g > b + 20) green++; // the predicted line (#059669)
  }
  expect(colours.size, 'distinct colours').toBeGreaterThanOrEqual(100);
  expect(green, 'pixels of the predicted line').toBeGreaterThan(50);

  await page.getByTestId('export-ccdf-csv').click();
  await expect(shown).toHaveText(/degree-ccdf-.*\.csv$/);
  const csvPath = newest(lab.exportDir, '.csv')!;
  expect(await shown.textContent()).toBe(csvPath);
  const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
  const comments = lines.filter((l) => l.startsWith('#'));
  expect(comments.some((l) => l.startsWith('# discrete power-law fit (Clauset, Shalizi & Newman 2009): alpha '))).toBe(true);
  const [header, ...data] = lines.filter((l) => !l.startsWith('#'));
  expect(header).toBe('degree,empirical_ccdf,fitted_ccdf');
  const want = ccdf(degrees.filter((d) => d > 0));
  expect(data.map((l) => l.split(',').slice(0, 2).map(Number))).toEqual(want.map((p) => [p.degree, p.p]));
  expect(data.some((l) => /,\d\.?\d*(e-\d+)?$/.test(l)), 'a fitted value in some row').toBe(true);
});

test('the Gnutella graph, opened as an edge list: the power law is ruled out, said plainly', async ({ lab }) => {
  // ../shared/ sits beside the repository (README); without it this fails saying so, as e2e/topology.spec.ts does
  expect(existsSync(GNUTELLA), `the Gnutella dataset is not at ${GNUTELLA}: put ../shared/ beside the repository`).toBe(true);
  const { page } = lab;
  await page.getByTestId('topology-file').setInputFiles(GNUTELLA);
  await expect(page.getByTestId('topology-fit-summary')).toContainText('α = 4.74', { timeout: 30_000 });
  await page.getByTestId('analysis-data').selectOption('topology');
  await page.getByTestId('analysis-sets').fill('30');
  await page.getByTestId('analysis-seed').fill('1');
  await page.getByTestId('analyse').click();
  const gof = page.getByTestId('gof-p');
  await expect(gof).toHaveText(/^The power law is ruled out: p = 0\.000 ± 0\.000 \(30 synthetic sets, seed 1\) < 0\.1\./, { timeout: 60_000 });
  await expect(gof).toHaveClass(/ruled-out/);
  await expect(page.getByTestId('analysis-of')).toContainText('p2p-Gnutella08.txt, n = 6301');
  await expect(page.getByTestId('verdict').locator('li').last()).toHaveText('support for the power law: none');
});
