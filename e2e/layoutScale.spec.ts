/**
 * The graph at scale: start 500 peers of the real Gnutella graph (Topology panel) and check that
 * - the drawing is never a grid while the peers arrive and the layout runs (positions sampled
 *   along the way have as many distinct x and y values as a scattered picture, not the few
 *   columns and rows of a lattice);
 * - the highest-degree node is drawn on top: clicking where it is drawn selects it;
 * - no two visible labels overlap (cytoscape's own label boxes), zoomed out and zoomed in.
 * No timing is asserted: the waits are generous for a busy 2-core machine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { estimateTopologyFds, readFdLimits } from '../src/core/runtime/fdBudget';
import { firstNodes, parseEdgeList } from '../src/core/topology/edgeList';
import { applyTiming, expect, graphNodes, test } from './fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GNUTELLA = path.resolve(HERE, '../../shared/datasets/p2p-Gnutella08.txt');
const PEERS = 500;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
/** The slice of cytoscape the checks use (the renderer's types are not imported here). */
interface Cy {
  nodes(sel?: string): {
    length: number;
    map<T>(f: (n: CyNode) => T): T[];
  };
  getElementById(id: string): CyNode;
  zoom(level?: number): number;
  center(eles?: unknown): void;
}
interface CyNode {
  id(): string;
  data(key: string): unknown;
  position(): { x: number; y: number };
  renderedPosition(): { x: number; y: number };
  boundingBox(o: object): Box;
  hasClass(c: string): boolean;
  pstyle(p: string): { pfValue: number; strValue: string };
}
type LabWindow = Window & { __gossipLab: { cy: Cy; layoutBusy?: () => boolean; store: { getState(): { selectedNode: string | null } } } };

/** How many peers, their distinct x and y values (1 px), and the most peers at one point. */
interface Spread {
  n: number;
  xs: number;
  ys: number;
  stacked: number;
  busy: boolean;
}

/** The spread of the peers' positions now. */
function spread(page: Page): Promise<Spread> {
  return page.evaluate(() => {
    const lab = (window as unknown as LabWindow).__gossipLab;
    const ps = lab.cy.nodes('[role = "peer"]').map((n) => n.position());
    const at = new Map<string, number>();
    for (const p of ps) at.set(`${Math.round(p.x)},${Math.round(p.y)}`, (at.get(`${Math.round(p.x)},${Math.round(p.y)}`) ?? 0) + 1);
    return {
      n: ps.length,
      xs: new Set(ps.map((p) => Math.round(p.x))).size,
      ys: new Set(ps.map((p) => Math.round(p.y))).size,
      stacked: Math.max(0, ...at.values()),
      busy: lab.layoutBusy?.() ?? false,
    };
  });
}

/** Pairs of drawn labels whose boxes (cytoscape's own) overlap, with the number of labels drawn. */
function labelOverlaps(page: Page): Promise<{ shown: number; overlaps: string[] }> {
  return page.evaluate(() => {
    const cy = (window as unknown as LabWindow).__gossipLab.cy;
    const shown = cy
      .nodes()
      .map((n) => ({ n, label: n.pstyle('label').strValue }))
      .filter(({ label }) => label !== '')
      .map(({ n }) => ({ id: n.id(), b: n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false }) }));
    const overlaps: string[] = [];
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) {
        const a = shown[i]!.b;
        const b = shown[j]!.b;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps.push(`${shown[i]!.id} × ${shown[j]!.id}`);
      }
    }
    return { shown: shown.length, overlaps };
  });
}

const layoutBusy = (page: Page): Promise<boolean> => page.evaluate(() => (window as unknown as LabWindow).__gossipLab.layoutBusy?.() ?? false);

test('500 Gnutella peers: never a grid, the top hub on top and clickable, no overlapping labels', async ({ lab }) => {
  test.setTimeout(420_000);
  const { page } = lab;
  const sub = firstNodes(parseEdgeList(readFileSync(GNUTELLA, 'utf8')), PEERS);
  const { soft } = readFdLimits();
  const need = estimateTopologyFds(PEERS, sub.edges.length, { total: 3, local: 3, toStart: 3 }).total;
  test.skip(lab.server === null && soft !== null && soft < need, `the open-file limit (${soft}) cannot hold ${PEERS} Gnutella peers (${need})`);
  await applyTiming(page, { gossipIntervalMs: 5000, gossipCount: 1, livenessIntervalMs: 5000 });

  await page.getByTestId('topology-file').setInputFiles(GNUTELLA);
  await expect(page.getByTestId('topology-nodes-count')).toHaveText(String(6301), { timeout: 60_000 });
  await page.getByTestId('topology-nodes').fill(String(PEERS));
  await page.getByTestId('topology-origins').fill('1');
  await page.getByTestId('start-topology').click();

  // while the peers arrive and the layout runs: every sample with enough peers is scattered, not a lattice
  const started = page.getByTestId('topology-started');
  const samples: Spread[] = [];
  const deadline = Date.now() + 360_000;
  while (Date.now() < deadline) {
    const s = await spread(page);
    if (s.n >= 30) samples.push(s);
    if ((await started.count()) > 0 && s.n >= PEERS && !(await layoutBusy(page))) break;
    await page.waitForTimeout(700);
  }
  await expect(started).toContainText(`Started ${PEERS} peers`);
  expect(samples.length).toBeGreaterThan(0);
  for (const [i, s] of samples.entries()) {
    // a lattice of n points has about √n distinct columns and rows; a scattered layout about n
    const where = `sample ${i + 1} of ${samples.length}: ${JSON.stringify(s)}`;
    expect(s.xs, `distinct x, ${where}`).toBeGreaterThan(s.n * 0.6);
    expect(s.ys, `distinct y, ${where}`).toBeGreaterThan(s.n * 0.6);
    expect(s.stacked, `peers at one point, ${where}`).toBeLessThanOrEqual(2);
  }
  await expect.poll(() => layoutBusy(page), { timeout: 120_000 }).toBe(false);
  const final = await spread(page);
  expect(final.n).toBe(PEERS);

  // labels: none overlaps, with the whole graph in view (polled: the culling pass is debounced after each change)
  await expect.poll(async () => (await labelOverlaps(page)).overlaps, { timeout: 30_000 }).toEqual([]);
  expect((await labelOverlaps(page)).shown).toBeGreaterThan(0);

  // the top hub: zoom to it, click where it is drawn, and it is the node selected
  const nodes = await graphNodes(page);
  const hub = nodes.filter((n) => n.role === 'peer').sort((a, b) => b.degree - a.degree || (a.id < b.id ? -1 : 1))[0]!;
  const at = await page.evaluate((id) => {
    const cy = (window as unknown as LabWindow).__gossipLab.cy;
    const node = cy.getElementById(id);
    cy.zoom(1.2);
    cy.center(node);
    return node.renderedPosition();
  }, hub.id);
  const box = (await page.getByTestId('graph').boundingBox())!;
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await expect.poll(() => page.evaluate(() => (window as unknown as LabWindow).__gossipLab.store.getState().selectedNode)).toBe(hub.id);

  // labels zoomed in, with the hub selected (its label first): still none overlaps
  await expect.poll(async () => (await labelOverlaps(page)).overlaps, { timeout: 30_000 }).toEqual([]);
  expect((await labelOverlaps(page)).shown).toBeGreaterThan(0);
});
