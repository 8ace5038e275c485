/**
 * The README's screenshot: 3 seeds and 60 peers gossiping, the layout settled, a hub selected so
 * the inspector is open — the whole window at 1440×900.
 *
 * An ordinary run writes it to the test's output folder (test-results/, not tracked), so running
 * the specs never changes the repository; `npm run screenshot` (GOSSIP_LAB_UPDATE_SCREENSHOT=1)
 * refreshes the tracked docs/screenshot.png that the README shows.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { addPeers, addSeeds, applyTiming, expect, graphNodes, graphPositions, messageCount, test } from './fixtures';

const SEEDS = 3;
const PEERS = 60;
/** Where the screenshot goes: the README's copy only when asked to update it. */
const UPDATE = process.env.GOSSIP_LAB_UPDATE_SCREENSHOT === '1';
const GOSSIP_MS = 1000;
const GOSSIP_COUNT = 5;

test.skip(({ target }) => target === 'electron', 'the README screenshot is taken from the browser harness');

test('takes the README screenshot: 63 nodes gossiping, a hub in the inspector', async ({ lab }, testInfo) => {
  test.setTimeout(150_000);
  const { page } = lab;
  await expect(page).toHaveTitle(/Gossip Lab/);
  // every peer gossips 5 messages, 1 s apart, from the moment it joins
  await applyTiming(page, { neighbours: 2, gossipIntervalMs: GOSSIP_MS, gossipCount: GOSSIP_COUNT, livenessIntervalMs: 3000, livenessMisses: 3 });
  await addSeeds(page, SEEDS);
  await addPeers(page, PEERS, 120_000);
  await expect.poll(async () => (await graphNodes(page)).length).toBe(SEEDS + PEERS);

  // the layout has settled: no node moves between two polls a second apart
  let before: Record<string, { x: number; y: number }> = {};
  const moved = async (): Promise<number> => {
    const now = await graphPositions(page);
    const prev = before;
    before = now;
    if (Object.keys(now).length !== SEEDS + PEERS) return Infinity;
    return Math.max(...Object.entries(now).map(([id, p]) => (prev[id] ? Math.hypot(p.x - prev[id].x, p.y - prev[id].y) : Infinity)));
  };
  await expect.poll(moved, { timeout: 30_000, intervals: [1000] }).toBeLessThan(0.5);

  // the incremental layout never moves placed nodes; tidy the whole graph once, as a user would
  await page.evaluate(() => {
    const w = window as unknown as { __gossipLab: { cy: { one(ev: string, f: () => void): void } }; __e2eLaidOut?: boolean };
    w.__e2eLaidOut = false;
    w.__gossipLab.cy.one('layoutstop', () => (w.__e2eLaidOut = true));
  });
  await page.getByRole('button', { name: 'Re-layout' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __e2eLaidOut: boolean }).__e2eLaidOut), { timeout: 30_000 }).toBe(true);
  before = {};
  await expect.poll(moved, { timeout: 30_000, intervals: [1000] }).toBeLessThan(0.5);

  // gossip is over (every peer sent its messages): no link or node has flashed for a second
  await expect.poll(() => messageCount(page), { timeout: 30_000 }).toBe(200);
  let quietPolls = 0;
  await expect
    .poll(
      async () => {
        const flashing = await page.evaluate(() => (window as unknown as { __gossipLab: { cy: { elements(sel: string): { length: number } } } }).__gossipLab.cy.elements('.flash').length);
        quietPolls = flashing === 0 ? quietPolls + 1 : 0;
        return quietPolls;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBeGreaterThanOrEqual(3);

  // dismiss the start-up notices so they do not cover the graph
  const notices = page.getByTestId('notice');
  while ((await notices.count()) > 0) {
    // an info notice may fade out by itself meanwhile
    await notices.first().getByRole('button', { name: 'dismiss' }).click({ timeout: 2000 }).catch(() => {});
  }
  await expect(notices).toHaveCount(0);

  // select the hub (the peer with the most links) by searching its address: the inspector opens
  const hub = (await graphNodes(page)).filter((n) => n.role === 'peer').sort((a, b) => b.degree - a.degree)[0]!;
  expect(hub.degree).toBeGreaterThanOrEqual(5);
  await page.getByTestId('search').fill(hub.id);
  await expect(page.getByTestId('inspector-id')).toHaveText(hub.id);
  await expect(page.getByTestId('inspector-role')).toHaveText('peer');
  await expect(page.getByTestId('inspector').getByText('Neighbours')).toBeVisible();
  await expect(page.getByTestId('inspector-degree')).toHaveText(String(hub.degree));

  // the whole graph in view again (the search zoomed onto the hub); wait until the view stops moving
  const viewport = (): Promise<string> =>
    page.evaluate(() => {
      const cy = (window as unknown as { __gossipLab: { cy: { zoom(): number; pan(): { x: number; y: number } } } }).__gossipLab.cy;
      return `${cy.zoom().toFixed(4)} ${cy.pan().x.toFixed(1)} ${cy.pan().y.toFixed(1)}`;
    });
  let last = '';
  const still = async (): Promise<boolean> => {
    const now = await viewport();
    const same = now === last;
    last = now;
    return same;
  };
  await expect.poll(still, { intervals: [400] }).toBe(true);
  await page.getByTestId('fit-view').click();
  last = '';
  await expect.poll(still, { intervals: [400] }).toBe(true);
  await expect(page.getByTestId('inspector-id')).toHaveText(hub.id);
  await expect(page.getByTestId('degree-histogram')).toHaveAttribute('data-total', String(PEERS));

  const shot = UPDATE ? resolve('docs/screenshot.png') : testInfo.outputPath('screenshot.png');
  mkdirSync(dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  testInfo.annotations.push({ type: 'screenshot', description: shot });
  const size = page.viewportSize();
  expect(size).toEqual({ width: 1440, height: 900 });
});
