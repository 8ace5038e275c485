/**
 * Gossip over a real topology: peers wired exactly as an edge list says (by default Gnutella's
 * August 2002 network, shared/datasets/p2p-Gnutella08.txt: 6,301 peers, 20,777 links), 3 seeds,
 * one process, loopback. Measures join time, resident memory per peer, coverage, latency against
 * its floor (shortest-path hops × one-way frame latency), flooding cost, and the event loop.
 *
 * One process can hold only so many sockets: each link costs two (both ends are here), each peer
 * a listener, and joins hold seed connections for a while (see core/runtime/fdBudget.ts). When the
 * whole graph does not fit the process's open-file limit, the benchmark runs the largest prefix
 * of it (the first K nodes in breadth-first order from the best-connected one, a connected piece,
 * with the links among them) that does, and says so.
 *
 * Run: `npx tsx bench/topology.ts [--file F] [--nodes K] [--origins 10]` (prints JSON);
 * `npm run bench` runs it and prints the table.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { NetworkHost } from '../src/core/runtime/network';
import { GossipStats } from '../src/core/runtime/stats';
import { DEFAULT_TIMING } from '../src/core/peer/options';
import type { PeerTiming } from '../src/core/peer/options';
import { parseEdgeList } from '../src/core/topology/edgeList';
import { checkTopologyFds, estimateTopologyFds } from '../src/core/runtime/fdBudget';
import { firstNodes } from '../src/core/topology/edgeList';
import type { GossipFigures } from './core';
import { measureGossip, settledRss } from './core';

/** The dataset the issue names. */
export const GNUTELLA = new URL('../../shared/datasets/p2p-Gnutella08.txt', import.meta.url);

/** One run's figures. Times in ms, memory in KiB. */
export interface TopologyBenchResult extends GossipFigures {
  file: string;
  fileNodes: number;
  fileLinks: number;
  /** Nodes and links started (a prefix of the file when it does not fit). */
  nodes: number;
  links: number;
  /** Open-file limit of the process, and the descriptors the graph needs (core/runtime/fdBudget.ts). */
  fdLimit: number | null;
  fdNeededFull: number;
  fdNeeded: number;
  origins: number;
  timing: PeerTiming;
  joinMs: number;
  joinFailures: number;
  rssPerPeerKiB: number;
}

/** Runs the benchmark. */
export async function benchTopology(opts: { file?: string; nodes?: number; origins?: number; timing?: PeerTiming } = {}): Promise<TopologyBenchResult> {
  const path = opts.file ?? GNUTELLA.pathname;
  const full = parseEdgeList(readFileSync(path, 'utf8'), path);
  // three local seeds, started below; the whole graph when it fits, else the largest prefix that does
  const seeds = { total: 3, local: 3, toStart: 3 };
  const verdict = checkTopologyFds(full, opts.nodes ?? full.ids.length, seeds, (k) => `--nodes ${k}`);
  const fullNeed = estimateTopologyFds(full.ids.length, full.edges.length, seeds).total;
  const t = firstNodes(full, verdict.ok ? (opts.nodes ?? full.ids.length) : verdict.maxNodes);
  const fdLimit = verdict.budget.soft;
  if (!verdict.ok) console.error(verdict.message);
  const timing = opts.timing ?? DEFAULT_TIMING;

  const net = new NetworkHost({ randomSeed: 1, timing, limits: { maxConnections: 65_536 } });
  const stats = new GossipStats();
  let joinFailures = 0;
  net.on((e) => {
    stats.record(e);
    if (e.type === 'join-failed') joinFailures++;
  });
  for (let i = 0; i < 3; i++) await net.addSeed();
  const rss0 = settledRss();
  const t0 = performance.now();
  await net.addPeersFromTopology(t, { autoGossip: false, concurrency: 16 });
  const joinMs = performance.now() - t0;

  let origins = 0;
  const gossip = await measureGossip(
    net,
    stats,
    () => (origins = net.startGossip({ origins: Math.min(opts.origins ?? 10, t.ids.length) }).length) * timing.gossipCount,
    timing.gossipCount * timing.gossipIntervalMs,
    120_000,
  );
  const rss1 = settledRss();
  const peers = net.peers().length;
  await net.stopAll();

  return {
    file: path.split('/').at(-1)!,
    fileNodes: full.ids.length,
    fileLinks: full.edges.length,
    nodes: t.ids.length,
    links: t.edges.length,
    fdLimit,
    fdNeededFull: fullNeed,
    fdNeeded: verdict.ok ? verdict.need.total : estimateTopologyFds(t.ids.length, t.edges.length, seeds).total,
    origins,
    timing,
    joinMs: Math.round(joinMs),
    joinFailures,
    rssPerPeerKiB: Math.round((rss1 - rss0) / Math.max(1, peers) / 1024),
    ...gossip,
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
