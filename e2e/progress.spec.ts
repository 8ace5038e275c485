/**
 * Long actions show progress and can be canceled, and a killed peer is seen dead before it goes.
 * Adding 60 peers from the UI shows a progress bar ("n of 60", role=progressbar) that advances;
 * Cancel (reached with the keyboard) stops the joins: fewer than 60 start, the ones that did keep
 * running, and the graph shows exactly those. Then a killed peer is drawn `dead` (red, ✕) for the
 * host's dead hold before it leaves the graph. Each join is slowed by an injected 100 ms frame
 * delay so that Cancel lands mid-way on any machine; no assertion is about time.
 */
import { addSeeds, applyTiming, expect, graphNodes, test } from './fixtures';

const COUNT = 60;

test('adding peers shows progress, Cancel stops it mid-way, and a killed peer is drawn dead before it goes', async ({ lab }) => {
  test.setTimeout(180_000);
  const { page } = lab;
  await applyTiming(page, { livenessIntervalMs: 1000, livenessMisses: 3, gossipIntervalMs: 2000, gossipCount: 2 });
  await addSeeds(page, 1);
  const slowed = await lab.command('setFaults', { scope: 'network', fault: { delayMs: 100 } });
  expect(slowed.ok, JSON.stringify(slowed)).toBe(true);

  await page.getByTestId('peer-count').fill(String(COUNT));
  await page.getByTestId('add-peers').click();
  const progress = page.getByTestId('progress-addPeers');
  const bar = progress.getByRole('progressbar');
  await expect(progress).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(bar).toHaveAttribute('aria-valuemax', String(COUNT));
  // it advances: a join, then another
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const seen = Number(await bar.getAttribute('aria-valuenow'));
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(seen);
  await expect(page.getByTestId('progress-addPeers-count')).toHaveText(/^\d+ of 60$/);
  await expect(page.getByTestId('task-status')).toContainText('of 60');

  // Cancel, from the keyboard
  const cancel = page.getByTestId('progress-addPeers-cancel');
  await cancel.focus();
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(progress).toHaveAttribute('data-state', 'canceled', { timeout: 60_000 });
  await expect(page.getByTestId('add-peers')).toHaveAttribute('aria-busy', 'false');
  const done = Number(await bar.getAttribute('aria-valuenow'));
  expect(done).toBeLessThan(COUNT);
  await expect(progress).toContainText('keep running');
  const started = Number(/Canceled: (\d+) of 60/.exec((await progress.textContent()) ?? '')?.[1]);
  expect(started).toBeGreaterThanOrEqual(2);
  expect(started).toBeLessThan(COUNT);
  await expect(page.getByTestId('notice').filter({ hasText: `Started ${started} peers; canceled` }).first()).toBeVisible();
  // the graph draws exactly the peers that started, and no more join
  const localPeers = async (): Promise<number> => (await graphNodes(page)).filter((n) => n.role === 'peer' && n.origin === 'local' && n.life === 'up').length;
  await expect.poll(localPeers, { timeout: 20_000 }).toBe(started);
  await expect(page.getByTestId('task-status')).toHaveCount(0);

  // a killed peer is drawn dead, then removed
  expect((await lab.command('setFaults', { scope: 'clear' })).ok).toBe(true);
  let victim = '';
  await expect
    .poll(async () => {
      victim = (await graphNodes(page)).filter((n) => n.role === 'peer' && n.degree >= 1).sort((a, b) => a.id.localeCompare(b.id))[0]?.id ?? '';
      return victim;
    })
    .not.toBe('');
  await page.evaluate((id) => {
    const w = window as unknown as {
      __gossipLab: { cy: { on(ev: string, sel: string, f: (e: { target: { id(): string; data(k: string): string } }) => void): void } };
      __e2eDrawn?: string[];
    };
    const drawn: string[] = [];
    w.__e2eDrawn = drawn;
    w.__gossipLab.cy.on('data', 'node', (e) => {
      if (e.target.id() === id && drawn[drawn.length - 1] !== e.target.data('life')) drawn.push(e.target.data('life'));
    });
    w.__gossipLab.cy.on('remove', 'node', (e) => {
      if (e.target.id() === id) drawn.push('removed');
    });
  }, victim);
  await page.getByTestId('search').fill(victim);
  await expect(page.getByTestId('inspector-id')).toHaveText(victim);
  await page.getByTestId('inspector-kill').click();
  const lifeOf = async (): Promise<string> => (await graphNodes(page)).find((n) => n.id === victim)?.life ?? 'removed';
  await expect.poll(lifeOf, { timeout: 60_000, intervals: [100] }).toBe('dead');
  await expect(page.getByTestId('status')).toContainText('down/dead');
  await expect.poll(lifeOf, { timeout: 60_000 }).toBe('removed');
  const drawn = await page.evaluate(() => (window as unknown as { __e2eDrawn: string[] }).__e2eDrawn);
  expect(drawn.filter((l) => l !== 'up'), JSON.stringify(drawn)).toEqual(['down', 'dead', 'removed']);
});
