/**
 * The README's screenshots of the app as an instrument: a recorded run replayed on its timeline
 * (a kill, the plots at the cursor), and the power-law analysis of a network built by the
 * peers' rule (the p-value, the likelihood ratios, the verdict, the predicted α on the CCDF).
 *
 * Like e2e/screenshot.spec.ts: an ordinary run writes them to the test's output folder;
 * `npm run screenshot` (GOSSIP_LAB_UPDATE_SCREENSHOT=1) refreshes docs/replay.png and
 * docs/analysis.png.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { addPeers, addSeeds, applyTiming, expect, graphNodes, test } from './fixtures';

const UPDATE = process.env.GOSSIP_LAB_UPDATE_SCREENSHOT === '1';

test.skip(({ target }) => target === 'electron', 'the README screenshots are taken from the browser harness');

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // the start-up notices would cover the graph
  const notices = page.getByTestId('notice');
  while ((await notices.count()) > 0) await notices.first().getByRole('button', { name: 'dismiss' }).click({ timeout: 2000 }).catch(() => {});
  const shot = UPDATE ? resolve(`docs/${name}.png`) : testInfo.outputPath(`${name}.png`);
  mkdirSync(dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  testInfo.annotations.push({ type: 'screenshot', description: shot });
}

test('the replay screenshot: a recorded run with two kills, at the second, with its plots', async ({ lab }, testInfo) => {
  test.setTimeout(240_000);
  const { page } = lab;
  expect((await lab.command('setShards', { shards: 0 })).ok).toBe(true);
  await applyTiming(page, { neighbours: 2, gossipIntervalMs: 700, gossipCount: 6, livenessIntervalMs: 700, livenessMisses: 3 });
  await addSeeds(page, 2);
  await addPeers(page, 40, 120_000);
  const peers = (await graphNodes(page)).filter((n) => n.role === 'peer').sort((a, b) => b.degree - a.degree);
  for (const victim of [peers[3]!.id, peers[10]!.id]) {
    expect((await lab.command('killNode', { id: victim })).ok).toBe(true);
    await expect.poll(async () => (await graphNodes(page)).some((n) => n.id === victim), { timeout: 60_000 }).toBe(false);
  }
  await page.getByTestId('stop-recording').click();
  await page.getByTestId('recording-entry').first().getByTestId('open-recording').click();
  await expect(page.getByTestId('back-to-live')).toBeVisible({ timeout: 30_000 });
  // to just after the second kill's dead report: one node down, the other's detection drawn
  const jump = page.getByTestId('replay-jump');
  const options = await jump.locator('option').allTextContents();
  const second = options.map((t, i) => [t, i] as const).filter(([t]) => / down$/.test(t))[1]!;
  await jump.selectOption({ index: second[1] });
  await page.getByRole('button', { name: 'Next event' }).click();
  await page.getByTestId('plots-toggle').click();
  await page.getByTestId('plot-tab-coverage').click();
  await expect(page.getByTestId('plots-source')).toHaveText('replay');
  await page.waitForTimeout(1500); // the layout and the chart settle
  await shoot(page, testInfo, 'replay');
});

test('the analysis screenshot: a network built by the rule, its p-value, likelihood ratios and verdict', async ({ lab }, testInfo) => {
  test.setTimeout(300_000);
  const { page } = lab;
  expect((await lab.command('setShards', { shards: 0 })).ok).toBe(true);
  await applyTiming(page, { neighbours: 2, gossipIntervalMs: 1000, gossipCount: 1, livenessIntervalMs: 5000 });
  await addSeeds(page, 1);
  await addPeers(page, 150, 180_000);
  await expect(page.getByTestId('fit-summary')).toContainText('α = ');
  await page.getByTestId('analysis-sets').fill('500');
  await page.getByTestId('analysis-seed').fill('1');
  await page.getByTestId('analyse').click();
  await expect(page.getByTestId('analysis-progress')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('lr-table').locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('lr-table').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1000);
  await shoot(page, testInfo, 'analysis');
});
