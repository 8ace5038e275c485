/**
 * Spawning a network from the UI: 3 seeds and 30 peers with fast timing. The graph must draw
 * exactly the nodes and links the core has, the degree panel must describe the 30 peers, the
 * status line must count them, and gossip must show up in the message list and reach every peer.
 */
import { addPeers, addSeeds, applyTiming, coreLinks, coreNodes, expect, graphEdges, graphNodes, messageCount, snapshot, test } from './fixtures';

const SEEDS = 3;
const PEERS = 30;
const GOSSIP_COUNT = 3;

test('spawns 3 seeds and 30 peers; graph, degree panel, status and messages agree with the core', async ({ lab }) => {
  const { page } = lab;
  // small timing first, so gossip finishes quickly
  await applyTiming(page, { gossipIntervalMs: 200, gossipCount: GOSSIP_COUNT, livenessIntervalMs: 500, livenessMisses: 3 });
  await addSeeds(page, SEEDS);
  await addPeers(page, PEERS);

  // 33 nodes: 3 local seeds, 30 local peers, all up
  await expect.poll(async () => (await graphNodes(page)).length).toBe(SEEDS + PEERS);
  const nodes = await graphNodes(page);
  expect(nodes.filter((n) => n.role === 'seed' && n.origin === 'local')).toHaveLength(SEEDS);
  expect(nodes.filter((n) => n.role === 'peer' && n.origin === 'local')).toHaveLength(PEERS);
  expect(nodes.every((n) => n.life === 'up')).toBe(true);
  if (lab.server) {
    const core = (await coreNodes(lab)).filter((n) => n.running).map((n) => n.id).sort();
    expect(nodes.map((n) => n.id).sort()).toEqual(core);
  } else {
    expect(nodes.map((n) => n.id).sort()).toEqual((await snapshot(lab)).nodes.map((n) => n.id).sort());
  }

  // exactly the core's links, and a connected-enough graph (each peer picks ≥ 1 neighbour)
  await expect
    .poll(async () => {
      const [drawn, core] = await Promise.all([graphEdges(page), coreLinks(lab)]);
      return { missing: core.filter((l) => !drawn.includes(l)), extra: drawn.filter((l) => !core.includes(l)) };
    }, { timeout: 10_000 })
    .toEqual({ missing: [], extra: [] });
  const links = await coreLinks(lab);
  expect(links.length).toBeGreaterThanOrEqual(PEERS - 1);

  // the degree panel: histogram bars add up to 30 peers; the fit names α, x_min, KS D and the tail of n = 30
  await expect(page.getByTestId('degree-histogram')).toHaveAttribute('data-total', String(PEERS));
  expect(Number(await page.getByTestId('degree-histogram').getAttribute('data-bars'))).toBeGreaterThan(0);
  await expect(page.getByTestId('fit-summary')).toHaveText(/α = \d+\.\d+ ± \d+\.\d+, x_min \d+, KS D = \d\.\d{3}, tail \d+ of 30$/);
  await expect(page.getByTestId('ccdf-chart').locator('canvas')).toBeVisible();

  // gossip: every peer creates GOSSIP_COUNT messages; all land in the message list (≤ 200 kept)
  const total = PEERS * GOSSIP_COUNT;
  await expect.poll(() => messageCount(page), { timeout: 30_000 }).toBe(total);
  await expect(page.getByTestId('message-list').getByTestId('message-item')).toHaveCount(total);
  // messages created once all peers had joined reach every one of them: 30 / 30
  await expect(page.getByTestId('message-item').filter({ hasText: `reached ${PEERS} / ${PEERS}` }).first()).toBeVisible({ timeout: 20_000 });
  const reached = await page.getByTestId('message-reached').allTextContents();
  expect(reached.every((r) => Number(r) >= 1 && Number(r) <= PEERS)).toBe(true);

  // the status line counts what the graph shows
  const status = page.getByTestId('status');
  await expect(status).toContainText(`${SEEDS} seeds`);
  await expect(status).toContainText(`${PEERS} peers (${PEERS} local, 0 remote)`);
  await expect(status).toContainText(`${links.length} links`);
  await expect(status).toContainText(`${total} messages`);
  await expect(status).not.toContainText('down/dead');
});
