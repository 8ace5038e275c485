/**
 * Exporting the degree data: the histogram as a 1200×800 PNG (drawn by the renderer) and the
 * degree sequence as CSV (written by the host from the core's peers), both saved to the export
 * directory and named in the UI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Lab } from './fixtures';
import { addPeers, addSeeds, coreNodes, expect, snapshot, test } from './fixtures';
import { linksOf } from '../src/core/runtime/runtime';

const PEERS = 20;

/** The newest file in `dir` whose name ends with `ext`, or null. */
function newest(dir: string, ext: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

/** The core's degree sequence as sorted `peer,degree` rows. */
async function coreRows(lab: Lab): Promise<string[]> {
  if (lab.server) {
    // the running peers and their links among themselves, as the runtime (the shards) reports them
    const nodes = await coreNodes(lab);
    const links = linksOf(nodes);
    return nodes
      .filter((n) => n.role === 'peer' && n.running)
      .map((p) => `${p.id},${links.filter(([a, b]) => a === p.id || b === p.id).length}`)
      .sort();
  }
  return (await snapshot(lab)).nodes
    .filter((n) => n.role === 'peer' && n.origin === 'local' && n.life === 'up')
    .map((n) => `${n.id},${n.degree}`)
    .sort();
}

test('exports the histogram as a 1200×800 PNG and the degree sequence as CSV', async ({ lab }) => {
  const { page } = lab;
  await addSeeds(page, 2);
  await addPeers(page, PEERS);
  await expect(page.getByTestId('degree-histogram')).toHaveAttribute('data-total', String(PEERS));

  // PNG: the saved path is shown; the file is the histogram, not a blank canvas
  await page.getByTestId('export-png').click();
  const shown = page.locator('.export-path code');
  await expect(shown).toHaveText(/degree-histogram-.*\.png$/);
  const pngPath = newest(lab.exportDir, '.png');
  expect(pngPath).not.toBeNull();
  expect(await shown.textContent()).toBe(pngPath);
  const png = PNG.sync.read(readFileSync(pngPath!));
  expect([png.width, png.height]).toEqual([1200, 800]);
  const colours = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i]! << 24) | (png.data[i + 1]! << 16) | (png.data[i + 2]! << 8) | png.data[i + 3]!;
    colours.set(key, (colours.get(key) ?? 0) + 1);
  }
  const background = Math.max(...colours.values());
  const pixels = png.width * png.height;
  expect(colours.size, 'distinct colours').toBeGreaterThanOrEqual(100);
  expect((pixels - background) / pixels, 'share of non-background pixels').toBeGreaterThanOrEqual(0.05);

  // CSV: `peer,degree` header, one row per live peer, the core's degree sequence (as a multiset)
  await page.getByTestId('export-csv').click();
  await expect(shown).toHaveText(/degree-sequence-.*\.csv$/);
  const csvPath = newest(lab.exportDir, '.csv');
  expect(await shown.textContent()).toBe(csvPath);
  const [scopeLine, header, ...rows] = readFileSync(csvPath!, 'utf8').trimEnd().split('\n');
  expect(scopeLine).toMatch(/^# scope: both /);
  expect(header).toBe('peer,degree');
  expect(rows).toHaveLength(PEERS);
  for (const r of rows) expect(r).toMatch(/^127\.0\.0\.1:\d+,\d+$/);
  expect(rows.reduce((s, r) => s + Number(r.split(',')[1]), 0) % 2, 'degrees sum to twice the links').toBe(0);
  expect([...rows].sort()).toEqual(await coreRows(lab));
});
