/**
 * The plots over time (issue 11), live: spawn a seed and peers from the UI with fast gossip, open
 * the plots panel under the graph, see the median coverage curve reach 1, move between the tabs
 * with the keyboard, follow a killed peer on the detection timeline to its removal, and export the
 * coverage plot as CSV (its data: every message's curve and the median) and as a 1200×800 PNG.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { addPeers, addSeeds, applyTiming, expect, graphNodes, test } from './fixtures';

test('the plots panel draws coverage to 1, rates, peers and links, and a kill; exports CSV and PNG', async ({ lab }) => {
  test.setTimeout(150_000);
  const { page } = lab;
  await applyTiming(page, { gossipIntervalMs: 200, gossipCount: 3, livenessIntervalMs: 1000, livenessMisses: 3 });
  await addSeeds(page, 1);
  await addPeers(page, 6);

  // collapsed at first; the toggle opens it
  const toggle = page.getByTestId('plots-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('plots-source')).toHaveText('live');
  const chart = page.getByTestId('plot-chart');
  const summary = page.getByTestId('plot-summary');
  await expect(page.getByTestId('plot-tab-coverage')).toHaveAttribute('aria-selected', 'true');
  await expect(chart).toHaveAttribute('data-plot', 'coverage');
  // the median reaches full coverage (every live peer has the message) once gossip has spread
  await expect(summary).toHaveText(/messages? · median reaches full coverage at \d+\.\d s/, { timeout: 60_000 });
  await expect(chart.locator('canvas')).toBeVisible();

  // tabs: one tab stop, arrows move between them
  await page.getByTestId('plot-tab-coverage').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('plot-tab-traffic')).toBeFocused();
  await expect(page.getByTestId('plot-tab-traffic')).toHaveAttribute('aria-selected', 'true');
  await expect(chart).toHaveAttribute('data-plot', 'traffic');
  await expect(summary).toHaveText(/messages\/s · .* frames\/s · .* receipts\/s/);
  await page.keyboard.press('ArrowRight');
  await expect(chart).toHaveAttribute('data-plot', 'population');
  await expect(summary).toHaveText(/now 6 live peers · \d+ links/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('plot-tab-detection')).toBeFocused();
  await expect(summary).toHaveText('no crashed node yet');

  // a killed peer: crash, misses, dead report, each seed's removal, removal from the drawing
  const victim = (await graphNodes(page)).find((n) => n.role === 'peer' && n.degree >= 1)!.id;
  const killed = await lab.command('killNode', { id: victim });
  expect(killed.ok).toBe(true);
  await expect(summary).toHaveText(/^1 crashed node · 1 removed · removed after \d+\.\d s on average$/, { timeout: 60_000 });
  const points = (await chart.getAttribute('data-series-points'))!.split('|').map(Number);
  const series = (await chart.getAttribute('data-series'))!.split('|');
  const at = (label: string): number => points[series.indexOf(label)]!;
  expect(at('crash')).toBe(1);
  expect(at('liveness miss')).toBeGreaterThanOrEqual(1);
  expect(at('dead report')).toBeGreaterThanOrEqual(1);
  expect(at('removed by a seed')).toBe(1);
  expect(at('removed from the drawing')).toBe(1);

  // export the coverage plot: CSV with every message's curve and the median reaching 1
  await page.getByTestId('plot-tab-coverage').click();
  await page.getByTestId('plot-export-csv').click();
  const shown = page.getByTestId('plot-export-path').locator('code');
  await expect(shown).toHaveText(/plot-coverage-.*\.csv$/);
  const [header, ...rows] = readFileSync((await shown.textContent())!, 'utf8').trimEnd().split('\n');
  expect(header).toBe('series,message,origin,t_s,coverage,reached,peers');
  const messages = rows.filter((r) => r.startsWith('message,'));
  const median = rows.filter((r) => r.startsWith('median,'));
  expect(new Set(messages.map((r) => r.split(',')[1])).size).toBeGreaterThanOrEqual(6);
  for (const r of messages) expect(r).toMatch(/^message,[0-9a-f]{64},127\.0\.0\.1:\d+,\d+(\.\d+)?,[01](\.\d+)?,\d+,\d+$/);
  expect(median.length).toBeGreaterThan(1);
  expect(Math.max(...median.map((r) => Number(r.split(',')[4])))).toBe(1);

  // and as a PNG: 1200×800, a drawn chart, not a blank canvas
  await page.getByTestId('plot-export-png').click();
  await expect(shown).toHaveText(/plot-coverage-.*\.png$/);
  const png = PNG.sync.read(readFileSync((await shown.textContent())!));
  expect([png.width, png.height]).toEqual([1200, 800]);
  const colours = new Set<number>();
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    colours.add((png.data[i]! << 24) | (png.data[i + 1]! << 16) | (png.data[i + 2]! << 8) | png.data[i + 3]!);
    if (png.data[i]! < 200) ink++;
  }
  expect(colours.size, 'distinct colours').toBeGreaterThanOrEqual(50);
  expect(ink / (png.width * png.height), 'share of drawn pixels').toBeGreaterThan(0.005);
});
