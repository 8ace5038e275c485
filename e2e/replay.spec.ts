/**
 * Record and replay: a run with a kill is recorded by the host as it happens; reopened from the
 * Recordings card, the timeline scrubs to before the kill (the victim drawn up, with its links;
 * the detection plot empty) and after it (the victim gone; the detection plot shows its crash),
 * and Back to live returns to the running network. A recording made by `gossip-lab net --record`
 * opens from the file picker the same way.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve as resolve_ } from 'node:path';
import type { Page } from '@playwright/test';
import { addPeers, addSeeds, applyTiming, expect, graphEdges, graphNodes, test } from './fixtures';

interface ReplayView {
  status: string;
  start: number;
  end: number;
  cursor: number;
  marks: Array<{ t: number; kind: string; node: string }>;
}

function replayState(page: Page): Promise<ReplayView> {
  return page.evaluate(() => {
    const r = (window as unknown as { __gossipLab: { replay: { getState(): ReplayView } } }).__gossipLab.replay.getState();
    return { status: r.status, start: r.start, end: r.end, cursor: r.cursor, marks: r.marks };
  });
}

/** Drags the timeline's slider to `offsetMs` after the recording's start and waits for the cursor. */
async function scrubTo(page: Page, offsetMs: number): Promise<void> {
  const { start, end } = await replayState(page);
  // the slider moves in 100 ms steps from 0 and stops at the last step within the recording
  const at = Math.min(Math.round(offsetMs / 100), Math.floor((end - start) / 100)) * 100;
  await page.getByTestId('replay-slider').fill(String(at));
  await expect
    .poll(async () => {
      const r = await replayState(page);
      return r.cursor - r.start;
    })
    .toBe(at);
}

/** The detection plot's point counts, as its chart says them. */
async function detectionPoints(page: Page): Promise<string> {
  return (await page.locator('[data-testid="plot-chart"][data-plot="detection"]').getAttribute('data-series-points')) ?? '';
}

test('a run with a kill is recorded, reopened, and scrubbed to before and after the kill', async ({ lab }) => {
  test.setTimeout(180_000);
  const { page } = lab;
  await applyTiming(page, { livenessIntervalMs: 500, livenessMisses: 3, gossipIntervalMs: 300, gossipCount: 3 });
  await addSeeds(page, 2);
  await expect(page.getByTestId('recording-status')).toContainText('Recording run-');
  await addPeers(page, 6);

  let victim = '';
  await expect
    .poll(async () => {
      const peers = (await graphNodes(page)).filter((n) => n.role === 'peer' && n.degree >= 2);
      victim = peers.sort((a, b) => a.id.localeCompare(b.id))[0]?.id ?? '';
      return victim;
    })
    .not.toBe('');
  await page.getByTestId('search').fill(victim);
  await expect(page.getByTestId('inspector-id')).toHaveText(victim);
  await page.getByTestId('inspector-kill').click();
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.id === victim), { timeout: 60_000 }).toBe(false);

  // end the recording; it is listed, and on disk
  await page.getByTestId('stop-recording').click();
  await expect(page.getByTestId('recording-status')).toContainText('The next run is recorded');
  const entry = page.getByTestId('recording-entry').first();
  await expect(entry).toBeVisible();
  expect(readdirSync(join(lab.exportDir, 'recordings')).filter((n) => n.endsWith('.glrec.jsonl'))).toHaveLength(1);

  // reopen it
  await entry.getByTestId('open-recording').click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect.poll(async () => (await replayState(page)).status).toBe('open');
  const view = await replayState(page);
  const down = view.marks.find((m) => m.kind === 'down' && m.node === victim);
  const removed = view.marks.find((m) => m.kind === 'removed' && m.node === victim);
  expect(down, JSON.stringify(view.marks)).toBeDefined();
  expect(removed).toBeDefined();
  await page.getByTestId('plots-toggle').click();
  await page.getByTestId('plot-tab-detection').click();
  await expect(page.locator('[data-testid="plot-chart"][data-plot="detection"]')).toBeVisible();
  await expect(page.getByTestId('plots-source')).toHaveText('replay');

  // before the kill: the victim is up, with its links
  await scrubTo(page, down!.t - view.start - 300);
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === victim)?.life).toBe('up');
  await expect.poll(async () => (await graphEdges(page)).some((e) => e.split(' ').includes(victim))).toBe(true);
  const pointsBefore = await detectionPoints(page);

  // after its removal: gone, and the detection plot shows the crash
  await scrubTo(page, removed!.t - view.start + 200);
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.id === victim)).toBe(false);
  await expect.poll(() => detectionPoints(page)).not.toBe(pointsBefore);

  // and back before it again: the victim returns
  await scrubTo(page, down!.t - view.start - 300);
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === victim)?.life).toBe('up');

  // back to live: the running network, without the victim
  await page.getByTestId('back-to-live').click();
  await expect(page.getByTestId('timeline')).toBeHidden();
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.id === victim)).toBe(false);
  await expect.poll(async () => (await graphNodes(page)).length).toBe(2 + 6 - 1);
});

test('a recording made by the CLI (net --record) opens from Open file… and replays its kills', async ({ lab }) => {
  test.setTimeout(180_000);
  const { page } = lab;
  const file = join(lab.exportDir, 'cli-run.glrec.jsonl');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [resolve_('bin/gossip-lab.mjs'), 'net', '--shards', '0', '--seeds', '2', '--peers', '10', '--churn', '0.2@1', '--duration', '6', '--liveness-interval', '400', '--gossip-interval', '300', '--gossip-count', '3', '--random-seed', '9', '--record', file], { stdio: 'ignore' });
    child.once('close', (c) => resolve(c));
  });
  expect(code === 0 || code === 1).toBe(true); // 1: the summary names failures (a false report under load); the recording is there either way
  await page.getByTestId('recording-file').setInputFiles(file);
  await expect.poll(async () => (await replayState(page)).status, { timeout: 30_000 }).toBe('open');
  const view = await replayState(page);
  const downs = view.marks.filter((m) => m.kind === 'down');
  expect(downs).toHaveLength(2);
  await scrubTo(page, Math.min(...downs.map((m) => m.t)) - view.start - 200);
  await expect.poll(async () => (await graphNodes(page)).filter((n) => downs.some((d) => d.node === n.id)).map((n) => n.life)).toEqual(['up', 'up']);
  await scrubTo(page, view.end - view.start);
  await expect.poll(async () => (await graphNodes(page)).filter((n) => n.role === 'peer').length).toBeLessThan(10);
  await page.getByTestId('back-to-live').click();
  await expect(page.getByTestId('timeline')).toBeHidden();
});
