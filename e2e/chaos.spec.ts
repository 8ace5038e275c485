/**
 * Chaos from the UI: with the swim detector chosen in the app, 2 seeds and 8 peers; the chaos
 * panel's "10 % loss everywhere" preset and a loss on one selected node show in the status bar
 * and as lossy links and a faulty node in the graph; "Partition in two halves" tints the nodes by
 * group and draws the links across the cut as cut (and swim peers come to suspect neighbours on
 * the other side, drawn apart from dead ones); "Clear all faults" ends it and the network heals:
 * the status says no faults, no link is drawn lossy or cut, and the peers are one component.
 * The nodes run in the host's process (shards 0, set from the UI): shard processes run at the
 * lowest priority, and on a loaded 2-core machine they could take minutes to start; the faults'
 * way to shards is tested in test/host/sharded.test.ts. No assertion depends on timing: every wait
 * is a generous poll.
 */
import type { Page } from '@playwright/test';
import { addPeers, addSeeds, applyTiming, expect, snapshot, test } from './fixtures';

/** Liveness slow enough that a busy machine does not declare live peers dead during the test. */
const LIVENESS_MS = 2000;

/** What the graph draws: each node and link with its classes. */
interface Drawn {
  nodes: Array<{ id: string; role: string; life: string; classes: string[] }>;
  edges: Array<{ a: string; b: string; classes: string[] }>;
}

function drawn(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    type El = { id(): string; data(k: string): string; classes(): string[]; source(): El; target(): El };
    const cy = (window as unknown as { __gossipLab: { cy: { nodes(): { map<T>(f: (n: El) => T): T[] }; edges(): { map<T>(f: (n: El) => T): T[] } } | null } }).__gossipLab.cy;
    if (!cy) return { nodes: [], edges: [] };
    return {
      nodes: cy.nodes().map((n) => ({ id: n.id(), role: n.data('role'), life: n.data('life'), classes: n.classes() })),
      edges: cy.edges().map((e) => ({ a: e.source().id(), b: e.target().id(), classes: e.classes() })),
    };
  });
}

/** The number of connected components among the peers the graph draws. */
function peerComponents(d: Drawn): number {
  const peers = d.nodes.filter((n) => n.role === 'peer').map((n) => n.id);
  const adj = new Map(peers.map((p) => [p, [] as string[]]));
  for (const e of d.edges) {
    adj.get(e.a)?.push(e.b);
    adj.get(e.b)?.push(e.a);
  }
  const seen = new Set<string>();
  let components = 0;
  for (const p of peers) {
    if (seen.has(p)) continue;
    components++;
    const stack = [p];
    seen.add(p);
    while (stack.length > 0) {
      for (const q of adj.get(stack.pop()!) ?? []) {
        if (seen.has(q)) continue;
        seen.add(q);
        stack.push(q);
      }
    }
  }
  return components;
}

const group = (n: { classes: string[] }): string | undefined => n.classes.find((c) => c.startsWith('group-'));

test('loss and a partition injected from the chaos panel are drawn, and the network heals once they are cleared', async ({ lab }) => {
  test.setTimeout(180_000);
  const { page } = lab;
  const status = page.getByTestId('faults-status');
  await page.getByTestId('shards').fill('0');
  await page.getByTestId('apply-shards').click();
  await expect.poll(async () => (await snapshot(lab)).runtime.shards).toBe(0);
  await applyTiming(page, { livenessIntervalMs: LIVENESS_MS, livenessMisses: 3, gossipIntervalMs: 500, gossipCount: 0 });
  // the detector setting: swim for the peers started next
  await page.getByTestId('detector').selectOption('swim');
  await page.getByTestId('apply-detector').click();
  await expect(page.getByTestId('detector-hint')).toContainText('new peers: swim');
  await addSeeds(page, 2);
  await addPeers(page, 8);
  await expect.poll(async () => peerComponents(await drawn(page)), { timeout: 30_000 }).toBe(1);
  await expect(status).toHaveText('no faults');

  // 10 % loss everywhere: the host has it, the status says it, every link is drawn lossy
  await page.getByTestId('preset-loss').click();
  await expect(status).toHaveText('10 % loss');
  expect((await snapshot(lab)).faults.rules.network).toEqual({ loss: 0.1 });
  await expect.poll(async () => (await drawn(page)).edges.every((e) => e.classes.includes('lossy'))).toBe(true);

  // loss on one selected node: search it, add it to the targets, apply 30 %
  const target = (await drawn(page)).nodes.find((n) => n.role === 'peer')!.id;
  await page.getByTestId('search').fill(target);
  await expect(page.getByTestId('inspector-id')).toHaveText(target);
  await expect(page.getByTestId('inspector-detector')).toHaveText('swim');
  await page.getByTestId('chaos-add-selected').click();
  await expect(page.getByTestId('chaos-target')).toHaveText(`${target} ×`);
  // a bad value is named next to its field, in words, and nothing is sent
  await page.getByTestId('chaos-loss').fill('150');
  await page.getByTestId('chaos-apply-targets').click();
  await expect(page.getByTestId('chaos-loss-error')).toHaveText('loss must be between 0 and 100 %');
  await expect(status).toHaveText('10 % loss');
  await page.getByTestId('chaos-loss').fill('30');
  await page.getByTestId('chaos-apply-targets').click();
  await expect(status).toHaveText('10 % loss · faults on 1 node');
  await expect(page.getByTestId('chaos-loss-error')).toHaveCount(0);
  await expect.poll(async () => (await drawn(page)).nodes.find((n) => n.id === target)?.classes).toContain('faulty');
  expect((await snapshot(lab)).faults.rules.nodes).toEqual({ [target]: { loss: 0.3 } });

  // a partition in two halves: every node tinted by its group, the links across drawn as cut
  await page.getByTestId('preset-partition').click();
  await expect(status).toHaveText('10 % loss · faults on 1 node · partition 2 groups');
  const groups = (await snapshot(lab)).faults.rules.partition!;
  expect(groups).toHaveLength(2);
  let across = 0;
  await expect
    .poll(async () => {
      const d = await drawn(page);
      const groupOf = new Map(d.nodes.map((n) => [n.id, group(n)]));
      const tinted = d.nodes.every((n) => (groups[0]!.includes(n.id) ? group(n) === 'group-0' : groups[1]!.includes(n.id) ? group(n) === 'group-1' : true));
      const cutRight = d.edges.every((e) => e.classes.includes('cut') === (groupOf.get(e.a) !== groupOf.get(e.b)));
      across = d.edges.filter((e) => e.classes.includes('cut')).length;
      return tinted && cutRight;
    })
    .toBe(true);
  // swim peers on either side of a cut link stop hearing each other: one is drawn suspected
  // (still up, unlike a dead node), and the status counts it
  if (across > 0) {
    await expect
      .poll(async () => (await drawn(page)).nodes.some((n) => n.classes.includes('suspected') && n.life === 'up'), { timeout: 30_000 })
      .toBe(true);
    await expect(page.getByTestId('legend-suspected')).toBeVisible();
  }
  test.info().annotations.push({ type: 'links across the cut', description: String(across) });

  // clear everything: no faults in words or in the graph, and the peers are one component again
  await page.getByTestId('preset-clear').click();
  await expect(status).toHaveText('no faults');
  expect((await snapshot(lab)).faults.rules).toEqual({});
  await expect
    .poll(async () => {
      const d = await drawn(page);
      const marked = d.edges.some((e) => e.classes.some((c) => c === 'lossy' || c === 'cut')) || d.nodes.some((n) => group(n) !== undefined || n.classes.includes('faulty'));
      return !marked && peerComponents(d) === 1;
    }, { timeout: 60_000 })
    .toBe(true);
  await expect(page.getByTestId('chaos-active')).toHaveText('In force: no faults');
});
