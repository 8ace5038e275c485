/**
 * Gossip over a real topology: peers wired exactly as an edge list says (by default Gnutella's
 * August 2002 network, shared/datasets/p2p-Gnutella08.txt: 6,301 peers, 20,777 links), 3 seeds,
 * one process, loopback. Measures join time, resident memory per peer, coverage, latency against
 * its floor (shortest-path hops × one-way frame latency), flooding cost, and the event loop.
 *
 * One process can hold only so many sockets: each link costs two (both ends are here), each peer
 * a listener, and joins hold seed connections for a while (see core/host/fdBudget.ts). When the
 * whole graph does not fit the process's open-file limit, the benchmark runs the largest prefix
 * of it (the first K nodes in breadth-first order from the best-connected one, a connected piece,
 * with the links among them) that does, and says so.
 *
 * Run: `npx tsx bench/topology.ts [--file F] [--nodes K] [--origins 10]` (prints JSON);
 * `npm run bench` runs it and prints the table.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { NetworkHost } from '../src/core/host/network';
import { GossipStats } from '../src/core/host/stats';
import { DEFAULT_TIMING } from '../src/core/peer/options';
import type { PeerTiming } from '../src/core/peer/options';
import type { Topology } from '../src/core/topology/edgeList';
import { parseEdgeList } from '../src/core/topology/edgeList';
import { checkTopologyFds, estimateTopologyFds } from '../src/core/host/fdBudget';
import { LatencyProbe, adjacency, oneWayFrameLatency } from './core';

/** The dataset the issue names. */
export const GNUTELLA = new URL('../../shared/datasets/p2p-Gnutella08.txt', import.meta.url);

/** One run's figures. Times in ms, memory in KiB. */
export interface TopologyBenchResult {
  file: string;
  fileNodes: number;
  fileLinks: number;
  /** Nodes and links started (a prefix of the file when it does not fit). */
  nodes: number;
  links: number;
  /** Open-file limit of the process, and the descriptors the graph needs (core/host/fdBudget.ts). */
  fdLimit: number | null;
  fdNeededFull: number;
  fdNeeded: number;
  origins: number;
  timing: PeerTiming;
  joinMs: number;
  joinFailures: number;
  rssPerPeerKiB: number;
  loopDelayP99Ms: number;
  loopUtilization: number;
  messages: number;
  coverageMin: number;
  oneWayFrameMs: number;
  latencyMs: { p50: number; p99: number };
  floorMs: { p50: number; p99: number };
  latencyOverFloor: { p50: number; p99: number };
  transmissionsPerMessage: number;
  transmissionsFloor: number;
}

/** The induced subgraph over the first `k` nodes. */
export function prefix(t: Topology, k: number): Topology {
  return { ids: t.ids.slice(0, k), edges: t.edges.filter(([a, b]) => a < k && b < k) };
}

/** Runs the benchmark. */
export async function benchTopology(opts: { file?: string; nodes?: number; origins?: number; timing?: PeerTiming } = {}): Promise<TopologyBenchResult> {
  const path = opts.file ?? GNUTELLA.pathname;
  const full = parseEdgeList(readFileSync(path, 'utf8'), path);
  // three local seeds, started below; the whole graph when it fits, else the largest prefix that does
  const seeds = { total: 3, local: 3, toStart: 3 };
  const verdict = checkTopologyFds(full, opts.nodes ?? full.ids.length, seeds, (k) => `--nodes ${k}`);
  const fullNeed = estimateTopologyFds(full.ids.length, full.edges.length, seeds).total;
  const t = prefix(full, verdict.ok ? (opts.nodes ?? full.ids.length) : verdict.maxNodes);
  const fdLimit = verdict.budget.soft;
  if (!verdict.ok) console.error(verdict.message);
  const timing = opts.timing ?? DEFAULT_TIMING;
  const origins = Math.min(opts.origins ?? 10, t.ids.length);

  const net = new NetworkHost({ randomSeed: 1, timing, limits: { maxConnections: 65_536 } });
  const stats = new GossipStats();
  let joinFailures = 0;
  net.on((e) => {
    stats.record(e);
    if (e.type === 'join-failed') joinFailures++;
  });
  for (let i = 0; i < 3; i++) await net.addSeed();
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  await net.addPeersFromTopology(t, { autoGossip: false, concurrency: 16 });
  const joinMs = performance.now() - t0;

  const oneWayFrameMs = await oneWayFrameLatency(net.peers()[0]!.addr);
  const { index, adj } = adjacency(net);
  const probe = new LatencyProbe(index, adj, oneWayFrameMs);
  net.on((e) => probe.record(e));

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const elu0 = performance.eventLoopUtilization();
  const gossipers = new Set(net.startGossip({ origins }));
  const total = gossipers.size * timing.gossipCount;
  const deadline = Date.now() + timing.gossipCount * timing.gossipIntervalMs + 120_000;
  while (Date.now() < deadline && !net.peers().every((p) => p.messageList.size >= total)) await new Promise((r) => setTimeout(r, 250));
  loop.disable();
  const elu = performance.eventLoopUtilization(elu0).utilization;
  (globalThis as { gc?: () => void }).gc?.();
  const rss1 = process.memoryUsage().rss;
  const live = new Set(net.peers().map((p) => p.id));
  const summary = stats.summary(live);
  const peers = net.peers().length;
  await net.stopAll();

  const r2 = (x: number): number => Math.round(x * 100) / 100;
  const ms = (h: LatencyProbe['latencyUs'], p: number): number => (h.count ? r2(h.percentile(p) / 1000) : NaN);
  return {
    file: path.split('/').at(-1)!,
    fileNodes: full.ids.length,
    fileLinks: full.edges.length,
    nodes: t.ids.length,
    links: t.edges.length,
    fdLimit,
    fdNeededFull: fullNeed,
    fdNeeded: verdict.ok ? verdict.need.total : estimateTopologyFds(t.ids.length, t.edges.length, seeds).total,
    origins: gossipers.size,
    timing,
    joinMs: Math.round(joinMs),
    joinFailures,
    rssPerPeerKiB: Math.round((rss1 - rss0) / Math.max(1, peers) / 1024),
    loopDelayP99Ms: r2(loop.percentile(99) / 1e6),
    loopUtilization: r2(elu),
    messages: summary.messages,
    coverageMin: summary.coverage.length ? Math.min(...summary.coverage) : 0,
    oneWayFrameMs: Math.round(oneWayFrameMs * 1000) / 1000,
    latencyMs: { p50: ms(probe.latencyUs, 50), p99: ms(probe.latencyUs, 99) },
    floorMs: { p50: ms(probe.floorUs, 50), p99: ms(probe.floorUs, 99) },
    latencyOverFloor: { p50: r2(probe.ratio.percentile(50) / 100), p99: r2(probe.ratio.percentile(99) / 100) },
    transmissionsPerMessage: r2(summary.transmissionsPerMessage),
    transmissionsFloor: peers - 1,
  };
}

/** The result as a text table. */
export function formatTopologyTable(rows: TopologyBenchResult[]): string {
  const head = ['graph', 'peers (links) started', 'fds needed (limit)', 'join s', 'RSS/peer KiB', 'loop p99 ms (busy)', 'origins × msgs', 'coverage', 'latency p50/p99 ms', 'latency÷floor p50/p99', 'frames/msg (floor)'];
  const lines = rows.map((r) => [
    `${r.file} (${r.fileNodes} peers, ${r.fileLinks} links)`,
    `${r.nodes} (${r.links})`,
    `${r.fdNeeded} of ${r.fdNeededFull} (${r.fdLimit ?? '?'})`,
    (r.joinMs / 1000).toFixed(1),
    r.rssPerPeerKiB,
    `${r.loopDelayP99Ms} (${Math.round(r.loopUtilization * 100)}%)`,
    `${r.origins} × ${r.timing.gossipCount}`,
    r.coverageMin,
    `${r.latencyMs.p50} / ${r.latencyMs.p99}`,
    `${r.latencyOverFloor.p50} / ${r.latencyOverFloor.p99}`,
    `${r.transmissionsPerMessage} (${r.transmissionsFloor})`,
  ]);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({ options: { file: { type: 'string' }, nodes: { type: 'string' }, origins: { type: 'string' } } });
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  console.log(JSON.stringify(await benchTopology({ file: values.file, nodes: num(values.nodes), origins: num(values.origins) })));
  process.exit(0);
}
