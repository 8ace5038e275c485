/**
 * The real topology in the app: open an edge list through the Topology panel's file input, see
 * its size and power-law fit (α as `fitPowerLaw` gives it for the file's degrees, computed here
 * from the file), start peers wired as it says (3 seeds started first, as there are none), and
 * check that the graph draws exactly the file's edges mapped through the peer ids, and that the
 * degree panel's CCDF chart carries both the live series and the file's, each with its α.
 * Bad input: a bad line (name:line), too many nodes, and — where the host runs in this process
 * and its open-file limit is below what the full Gnutella graph needs — the open-file refusal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { ccdf } from '../src/core/analysis/degrees';
import { fitPowerLaw } from '../src/core/analysis/powerlaw';
import type { PowerLawFit } from '../src/core/analysis/powerlaw';
import { estimateTopologyFds, readFdLimits } from '../src/core/runtime/fdBudget';
import { parseEdgeList, topologyDegrees } from '../src/core/topology/edgeList';
import type { TopologyStart } from '../src/shared/types';
import { applyTiming, coreLinks, coreNodes, expect, graphEdges, graphNodes, linkKey, test } from './fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.resolve(HERE, '../test/fixtures/topology-30.txt');
const GNUTELLA = path.resolve(HERE, '../../shared/datasets/p2p-Gnutella08.txt');

/** What the CCDF chart says it draws: its series' labels and point counts. */
async function chartSeries(page: Page): Promise<{ labels: string[]; points: number[] }> {
  const chart = page.getByTestId('ccdf-chart');
  const labels = (await chart.getAttribute('data-series')) ?? '';
  const points = (await chart.getAttribute('data-series-points')) ?? '';
  return { labels: labels.split('|'), points: points.split('|').map(Number) };
}

/** The result of the window's last startTopology, from the store. */
function lastStart(page: Page): Promise<TopologyStart | null> {
  return page.evaluate(() => (window as unknown as { __gossipLab: { store: { getState(): { topologyStart: TopologyStart | null } } } }).__gossipLab.store.getState().topologyStart);
}

const alphaLabel = (name: string, fit: PowerLawFit): string => `${name} · α ${fit.alpha.toFixed(2)}`;

test('opens an edge list, shows its fit, starts peers wired exactly as it says, and compares the two distributions', async ({ lab }) => {
  const { page } = lab;
  const topology = parseEdgeList(readFileSync(FIXTURE, 'utf8'));
  const degrees = topologyDegrees(topology);
  const fit = fitPowerLaw(degrees)!;
  const name = path.basename(FIXTURE);
  await applyTiming(page, { gossipIntervalMs: 200, gossipCount: 2, livenessIntervalMs: 1000 });

  // open it: the panel shows the file's size and the fit of its degrees
  await page.getByTestId('topology-file').setInputFiles(FIXTURE);
  await expect(page.getByTestId('topology-name')).toHaveText(name);
  await expect(page.getByTestId('topology-nodes-count')).toHaveText(String(topology.ids.length));
  await expect(page.getByTestId('topology-links-count')).toHaveText(String(topology.edges.length));
  await expect(page.getByTestId('topology-alpha')).toHaveAttribute('data-alpha', String(fit.alpha));
  await expect(page.getByTestId('topology-alpha')).toHaveText(`${fit.alpha.toFixed(3)} ± ${fit.sigma.toFixed(3)}`);
  await expect(page.getByTestId('topology-xmin')).toHaveText(String(fit.xmin));
  await expect(page.getByTestId('topology-ks')).toHaveText(fit.D.toFixed(4));
  await expect(page.getByTestId('topology-fit-summary')).toHaveText(
    `${name}: α = ${fit.alpha.toFixed(2)} ± ${fit.sigma.toFixed(2)}, x_min ${fit.xmin}, KS D = ${fit.D.toFixed(3)}, tail ${fit.nTail} of ${fit.n}`,
  );
  // before any peer runs, the chart already draws the file's CCDF and fit
  const filePoints = ccdf(degrees.filter((d) => d > 0)).length;
  await expect.poll(() => chartSeries(page)).toMatchObject({ labels: ['live', 'live fit', alphaLabel(name, fit), `${name} fit`] });
  expect((await chartSeries(page)).points.slice(0, 3)).toEqual([0, 0, filePoints]);
  await expect(page.getByTestId('ccdf-chart').locator('canvas')).toBeVisible();

  // start it with 5 origins: no seed runs, so 3 are started first
  await page.getByTestId('topology-origins').fill('5');
  await page.getByTestId('start-topology').click();
  await expect(page.getByTestId('topology-started')).toContainText(
    `Started 30 peers wired as ${name} (${topology.edges.length} links), 5 creating gossip; no seed was running, so 3 local seeds started first`,
    { timeout: 30_000 },
  );
  const started = (await lastStart(page))!;
  expect(started.peers).toHaveLength(topology.ids.length);
  expect(started.peers.every((id) => id !== null)).toBe(true);
  expect(started.seedsStarted).toHaveLength(3);

  // the graph draws exactly the file's edges, mapped through the peer ids, and the core has them too
  const expected = topology.edges.map(([a, b]) => linkKey(started.peers[a]!, started.peers[b]!)).sort();
  await expect.poll(() => graphEdges(page), { timeout: 15_000 }).toEqual(expected);
  expect(await coreLinks(lab)).toEqual(expected);
  const nodes = await graphNodes(page);
  expect(nodes.filter((n) => n.role === 'seed').map((n) => n.id).sort()).toEqual([...started.seedsStarted].sort());
  expect(nodes.filter((n) => n.role === 'peer').map((n) => n.id).sort()).toEqual([...started.peers].sort());

  // the comparison: the live network's degrees are the file's, so both series agree, each with its α
  await expect
    .poll(() => chartSeries(page), { timeout: 15_000 })
    .toEqual({ labels: [alphaLabel('live', fit), 'live fit', alphaLabel(name, fit), `${name} fit`], points: [filePoints, expect.any(Number), filePoints, expect.any(Number)] });
  const { points } = await chartSeries(page);
  expect(points[1]).toBeGreaterThan(0);
  expect(points[3]).toBe(points[1]);
  await expect(page.getByTestId('fit-summary')).toHaveText(`local + remote peers: α = ${fit.alpha.toFixed(2)} ± ${fit.sigma.toFixed(2)}, x_min ${fit.xmin}, KS D = ${fit.D.toFixed(3)}, tail ${fit.nTail} of ${fit.n}`);
});

test('a bad edge list, too many nodes and too few open files give clear errors and start nothing', async ({ lab }) => {
  const { page } = lab;
  const dir = mkdtempSync(path.join(tmpdir(), 'gossip-lab-topology-'));
  try {
    // a line with three fields: the error names the file and the line
    const bad = path.join(dir, 'bad-edges.txt');
    writeFileSync(bad, '# a comment\n1 2\n2 3 4\n');
    await page.getByTestId('topology-file').setInputFiles(bad);
    await expect(page.getByTestId('topology-error')).toHaveText('Open edge list failed: bad-edges.txt:3: expected two node ids, found 3 fields: 2 3 4');
    await expect(page.getByTestId('notice').first()).toHaveAttribute('data-level', 'error');
    await expect(page.getByTestId('start-topology')).toBeDisabled();

    // more nodes than the file has
    await page.getByTestId('topology-file').setInputFiles(FIXTURE);
    await expect(page.getByTestId('topology-error')).toHaveCount(0);
    await expect(page.getByTestId('topology-nodes-count')).toHaveText('30');
    await page.getByTestId('topology-nodes').fill('31');
    await page.getByTestId('start-topology').click();
    await expect(page.getByTestId('topology-error')).toHaveText('Start topology failed: node count 31 is more than the 30 nodes of topology-30.txt');
    expect(await graphNodes(page)).toEqual([]);

    // the whole Gnutella graph, where the host (this process) cannot hold it: refused, nothing started
    const gnutella = parseEdgeList(readFileSync(GNUTELLA, 'utf8'));
    const need = estimateTopologyFds(gnutella.ids.length, gnutella.edges.length, { total: 3, local: 3, toStart: 3 }).total;
    const { soft } = readFdLimits();
    test.skip(lab.server === null || soft === null || soft >= need, `the host's open-file limit (${soft}) holds all of Gnutella08 (${need}), or the host runs elsewhere`);
    await page.getByTestId('topology-file').setInputFiles(GNUTELLA);
    await expect(page.getByTestId('topology-nodes-count')).toHaveText(String(gnutella.ids.length), { timeout: 30_000 });
    await expect(page.getByTestId('topology-alpha')).toHaveAttribute('data-alpha', String(fitPowerLaw(topologyDegrees(gnutella))!.alpha));
    await page.getByTestId('topology-nodes').fill('');
    await page.getByTestId('start-topology').click();
    const error = page.getByTestId('topology-error');
    // in one process, or in shard processes (the default: each with its own limit)
    await expect(error).toContainText(new RegExp(`^Start topology failed: not enough open files for ${gnutella.ids.length} nodes and ${gnutella.edges.length} links in (one process|\\d+ shard processes)`));
    await expect(error).toContainText(`may open at most ${soft} (ulimit -n)`);
    await expect(error).toContainText(/a node count of \d+ fits now/);
    expect(await graphNodes(page)).toEqual([]);
    expect(await coreNodes(lab)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
