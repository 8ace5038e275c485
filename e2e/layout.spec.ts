/**
 * The edges of the UI (issue 11): at Electron's minimum width (900 × 700) every panel's heading
 * can be scrolled into view inside the window, nothing is cut off on the right; and the message
 * list is one tab stop, so Tab reaches the main controls first and leaves the list after one message.
 */
import { addPeers, addSeeds, applyTiming, expect, messageCount, test } from './fixtures';

test('at 900 × 700 every panel heading is reachable and inside the window', async ({ lab }) => {
  const { page } = lab;
  await page.setViewportSize({ width: 900, height: 700 });
  await expect(page.getByTestId('status')).toContainText('connected');
  const headings = page.locator('section.section h2');
  const count = await headings.count();
  expect(count).toBeGreaterThanOrEqual(5);
  for (let i = 0; i < count; i++) {
    const h = headings.nth(i);
    await h.scrollIntoViewIfNeeded();
    await expect(h).toBeVisible();
    const box = (await h.boundingBox())!;
    const name = await h.textContent();
    expect(box.x, `${name}: left edge`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name}: right edge`).toBeLessThanOrEqual(900);
    expect(box.y, `${name}: top`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${name}: bottom`).toBeLessThanOrEqual(700);
    // reached by scrolling its own panel, not by sliding the clipped page sideways
    const sideways = await page.evaluate(() => [document.documentElement, document.body, document.getElementById('root')].map((e) => e?.scrollLeft ?? 0));
    expect(sideways, `${name}: the page scrolled sideways to show it`).toEqual([0, 0, 0]);
  }
  const app = (await page.locator('.app').boundingBox())!;
  expect(app.x).toBeGreaterThanOrEqual(0);
  expect(app.x + app.width, 'the whole layout fits the window').toBeLessThanOrEqual(900);
  // the graph keeps a usable share of the window, and the page itself does not scroll sideways
  const stage = (await page.locator('.stage').boundingBox())!;
  expect(stage.width).toBeGreaterThanOrEqual(400);
  expect(stage.x + stage.width).toBeLessThanOrEqual(900);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(900);
});

test('the message list is one tab stop: arrows move inside it, Tab leaves it', async ({ lab }) => {
  const { page } = lab;
  await applyTiming(page, { gossipIntervalMs: 100, gossipCount: 5, livenessIntervalMs: 1000, livenessMisses: 3 });
  await addSeeds(page, 1);
  await addPeers(page, 3);
  await expect.poll(() => messageCount(page)).toBeGreaterThanOrEqual(3);

  const items = page.getByTestId('message-item');
  // exactly one message is in the tab order
  await expect.poll(async () => (await items.evaluateAll((els) => els.map((e) => (e as HTMLElement).tabIndex))).filter((t) => t === 0).length).toBe(1);

  // from the first control (the network key), Tab goes through the controls (the seed form) to one message
  await page.getByTestId('network-key').focus();
  let reachedSeedField = false;
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    if (where === 'seed-port' || where === 'seed-host') reachedSeedField = true;
    if (where === 'message-item') break;
  }
  expect(reachedSeedField).toBe(true);
  await expect(page.locator(':focus')).toHaveAttribute('data-testid', 'message-item');

  // ArrowDown moves to the next message; Tab then leaves the list
  const first = await page.locator(':focus').getAttribute('data-id');
  await page.keyboard.press('ArrowDown');
  const second = await page.locator(':focus').getAttribute('data-id');
  expect(second).not.toBe(first);
  await expect(page.locator(':focus')).toHaveAttribute('data-testid', 'message-item');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).not.toHaveAttribute('data-testid', 'message-item');
});
