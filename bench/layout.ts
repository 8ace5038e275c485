/**
 * The graph's layout at scale, measured headless (no browser): the first N nodes of Gnutella's
 * 2002 network, laid out by the app's degree-aware fcose (src/renderer/src/graph/background.ts
 * computeLayout, what the layout worker runs) and, for comparison, by the options the app used
 * before (uniform repulsion 6000, link length 70, fcose's tiling of isolated nodes).
 *
 * For each: the time to a settled layout, nodes overlapping another node (their circles at the
 * drawn size), nodes covering the top hub, the spread of the ten biggest hubs (median distance
 * between them over the median link length), label boxes that would overlap with every label
 * drawn, and how many labels the culling pass keeps (none of which overlap). Label widths are
 * estimated (0.62 em a character): the page measures them with its font.
 *
 * Run: `npx tsx bench/layout.ts [--nodes 500,1000] [--file ../shared/datasets/p2p-Gnutella08.txt]`.
 * Prints a table, writes bench/results/layout.json.
 */
// the renderer's ambient module types (fcose, cose-base ship none); this config does not include them
/* eslint-disable @typescript-eslint/triple-slash-reference */
/// <reference path="../src/renderer/src/fcose.d.ts" />
/// <reference path="../src/renderer/src/graph/coseBase.d.ts" />
/* eslint-enable @typescript-eslint/triple-slash-reference */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import cytoscape from 'cytoscape';
import { firstNodes, parseEdgeList } from '../src/core/topology/edgeList';
import { computeLayout, type LayoutInput, type LayoutOutput } from '../src/renderer/src/graph/background';
import { registerFcose } from '../src/renderer/src/graph/forces';
import { cullLabels, labelBox, overlappingPairs, type Box } from '../src/renderer/src/graph/labels';
import { initialPositions } from '../src/renderer/src/graph/placement';
import { nodeSize } from '../src/renderer/src/graph/scale';
import { labelFontPx } from '../src/renderer/src/graph/style';

/** One layout measured. */
export interface LayoutBenchRow {
  layout: 'degree-aware' | 'before';
  nodes: number;
  links: number;
  /** Wall time to the settled layout, ms (one thread; on a busy machine it is longer). */
  ms: number;
  /** Pairs of nodes whose drawn circles overlap. */
  nodeOverlaps: number;
  /** Nodes whose circles overlap the top hub's. */
  hubCoveredBy: number;
  /** Median distance between the ten highest-degree nodes, over the median link length. */
  hubSpread: number;
  /** Pairs of label boxes that overlap if every label is drawn. */
  labelOverlapsAll: number;
  /** Labels the culling pass keeps (pairwise non-overlapping). */
  labelsKept: number;
  /** Overlapping pairs among the kept labels (0). */
  labelOverlapsKept: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
};

/** The old layout (before issue 11): fcose with uniform forces, tiling on. */
function layoutBefore(input: LayoutInput): LayoutOutput {
  registerFcose();
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)' } }],
    elements: [
      ...input.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, size: n.size }, position: { x: n.x, y: n.y } })),
      ...input.edges.map(([a, b], i) => ({ group: 'edges' as const, data: { id: `e${i}`, source: a, target: b } })),
    ],
  });
  const opts = { name: 'fcose', quality: 'default', randomize: true, animate: false, fit: false, nodeRepulsion: 6000, idealEdgeLength: 70, edgeElasticity: 0.45, gravity: 0.25, packComponents: false };
  cy.layout(opts as cytoscape.LayoutOptions).run();
  const out: LayoutOutput = cy.nodes().map((n) => [n.id(), n.position().x, n.position().y]);
  cy.destroy();
  return out;
}

/** Lays out the first `k` nodes of the edge list both ways and measures each. */
function measure(text: string, k: number): LayoutBenchRow[] {
  const sub = firstNodes(parseEdgeList(text), k);
  const ids = sub.ids.map((_, i) => `n${i}`);
  const degree = new Array<number>(k).fill(0);
  for (const [a, b] of sub.edges) {
    degree[a]!++;
    degree[b]!++;
  }
  const adj = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [a, b] of sub.edges) {
    adj.get(ids[a]!)!.push(ids[b]!);
    adj.get(ids[b]!)!.push(ids[a]!);
  }
  const start = initialPositions(ids, (id) => adj.get(id)!, new Map());
  const input: LayoutInput = {
    nodes: ids.map((id, i) => ({ id, size: nodeSize(degree[i]!), ...start.get(id)! })),
    edges: sub.edges.map(([a, b]) => [ids[a]!, ids[b]!]),
    randomize: true,
  };
  const index = new Map(ids.map((id, i) => [id, i]));
  const rows: LayoutBenchRow[] = [];
  for (const which of ['degree-aware', 'before'] as const) {
    const t0 = performance.now();
    const out = which === 'degree-aware' ? computeLayout(input) : layoutBefore(input);
    const ms = performance.now() - t0;
    const pos = out.map(([id, x, y]) => ({ i: index.get(id)!, x, y }));
    const circles: Box[] = pos.map(({ i, x, y }) => {
      const r = nodeSize(degree[i]!) / 2;
      return { x1: x - r, y1: y - r, x2: x + r, y2: y + r };
    });
    const nodePairs = overlappingPairs(circles).filter(([a, b]) => {
      const p = pos[a]!;
      const q = pos[b]!;
      return Math.hypot(p.x - q.x, p.y - q.y) < (nodeSize(degree[p.i]!) + nodeSize(degree[q.i]!)) / 2;
    });
    const byDegree = [...pos.keys()].sort((a, b) => degree[pos[b]!.i]! - degree[pos[a]!.i]!);
    const hub = byDegree[0]!;
    const hubCoveredBy = nodePairs.filter(([a, b]) => a === hub || b === hub).length;
    const at = new Map(pos.map((p) => [ids[p.i]!, p]));
    const linkLen = median(input.edges.map(([a, b]) => Math.hypot(at.get(a)!.x - at.get(b)!.x, at.get(a)!.y - at.get(b)!.y)));
    const top = byDegree.slice(0, 10).map((j) => pos[j]!);
    const hubDist: number[] = [];
    for (let a = 0; a < top.length; a++) for (let b = a + 1; b < top.length; b++) hubDist.push(Math.hypot(top[a]!.x - top[b]!.x, top[a]!.y - top[b]!.y));
    const labels = pos.map(({ i, x, y }) => {
      const font = labelFontPx(degree[i]!);
      const label = `127.0.0.1:${40000 + i}`;
      return { id: ids[i]!, box: labelBox(x, y, nodeSize(degree[i]!), { textWidth: label.length * 0.62 * font, fontPx: font, margin: 3, pad: 2 }), priority: degree[i]! };
    });
    const kept = cullLabels(labels);
    rows.push({
      layout: which,
      nodes: k,
      links: sub.edges.length,
      ms: Math.round(ms),
      nodeOverlaps: nodePairs.length,
      hubCoveredBy,
      hubSpread: Number((median(hubDist) / linkLen).toFixed(2)),
      labelOverlapsAll: overlappingPairs(labels.map((l) => l.box)).length,
      labelsKept: kept.size,
      labelOverlapsKept: overlappingPairs(labels.filter((l) => kept.has(l.id)).map((l) => l.box)).length,
    });
  }
  return rows;
}

/** The rows as a table. */
export function formatLayoutTable(rows: readonly LayoutBenchRow[]): string {
  const head = 'layout        nodes  links    ms  node overlaps  hub covered by  hub spread  label overlaps (all)  labels kept  overlaps kept';
  const lines = rows.map(
    (r) =>
      `${r.layout.padEnd(12)} ${String(r.nodes).padStart(6)} ${String(r.links).padStart(6)} ${String(r.ms).padStart(5)} ${String(r.nodeOverlaps).padStart(14)} ${String(r.hubCoveredBy).padStart(15)} ${r.hubSpread.toFixed(2).padStart(11)} ${String(r.labelOverlapsAll).padStart(21)} ${String(r.labelsKept).padStart(12)} ${String(r.labelOverlapsKept).padStart(14)}`,
  );
  return [head, ...lines].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '500,1000' }, file: { type: 'string', default: '../shared/datasets/p2p-Gnutella08.txt' } } });
  const text = readFileSync(values.file, 'utf8');
  const rows = values.nodes.split(',').flatMap((k) => measure(text, Number(k)));
  console.log(formatLayoutTable(rows));
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAvg1m: Number(loadavg()[0]!.toFixed(1)), date: new Date().toISOString() };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/layout.json', JSON.stringify({ machine, rows }, null, 2) + '\n');
  process.exit(0); // cytoscape's headless instances keep a timer
}
