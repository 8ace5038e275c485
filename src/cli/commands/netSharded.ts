/**
 * `gossip-lab net --shards K`: the same run as ./net.ts, with the nodes in K shard processes
 * (core/runtime/shard): each its own CPU time and open-file limit, real TCP between them, at a
 * lower OS priority than this process. The summary is merged from the shards' own measurements.
 */
import { performance } from 'node:perf_hooks';
import type { PeerTiming } from '../../core/peer/options';
import type { ShardNode } from '../../core/runtime/shard/channel';
import { ShardedNetwork } from '../../core/runtime/shard/shardedNetwork';
import type { ShardExit } from '../../core/runtime/shard/shardedNetwork';
import type { Topology } from '../../core/topology/edgeList';
import type { NetFlags, NetSummary } from './net';
import { summarise } from './net';
import { NetFaults, planFrom } from './netFaults';

import { closeNetRecording, openNetRecording } from './netRecord';
/** After the run, gossip counts as settled once no peer got a new message for this long, ms. */
const SETTLE_QUIET_MS = 1_000;
/** The longest the run waits for gossip under way to settle, ms. */
const SETTLE_MAX_MS = 30_000;

/** What the sharded run needs beyond the flags. */
export interface ShardedRun {
  shards: number;
  timing: PeerTiming;
  limits: Record<string, number>;
  networkKey?: Buffer;
}

/**
 * Runs `net` with the nodes in shard processes and summarises as ./net.ts does.
 * @throws Error when the shards cannot start.
 */
export async function runShardedNet(o: NetFlags, run: ShardedRun, topology?: Topology): Promise<NetSummary & { shards: number; shardsCrashed: ShardExit[] }> {
  const plan = planFrom(o);
  const net = await ShardedNetwork.start({
    shards: run.shards,
    host: o.host,
    timing: run.timing,
    randomSeed: o.randomSeed,
    limits: run.limits,
    networkKey: run.networkKey,
    logFile: o.log,
    faults: plan !== undefined,
    detector: { detector: o.detector ?? 'assignment' },
  });
  const faults = new NetFaults(o, plan);
  let summary: (NetSummary & { shards: number; shardsCrashed: ShardExit[] }) | undefined;
  const joinFailed = new Set<string>();
  const reported = new Map<string, number>();
  const crashed: ShardExit[] = [];
  let stopping = false;
  const recording = openNetRecording(o, run.timing);
  net.on((e) => {
    recording?.onEvent(e);
    faults.record(e);
    if (e.type === 'join-failed') joinFailed.add(e.node);
    else if (e.type === 'dead-node-reported' && !stopping) reported.set(e.dead, (reported.get(e.dead) ?? 0) + 1);
  });
  if (recording) net.onReceiptCounts((counts, frames) => recording.onCounts(counts, frames));
  net.onShardExit((e) => {
    if (e.expected) return;
    crashed.push(e);
    console.error(`gossip-lab: shard ${e.shard} exited (${e.signal ?? `code ${e.code}`}): its ${e.nodes.length} nodes are gone; the other shards go on`);
  });
  const interrupted = new Promise<void>((resolve) => {
    const stop = (): void => {
      stopping = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    for (let i = 0; i < o.seeds; i++) await net.addSeed(0);
    const t0 = performance.now();
    if (topology) await net.addPeersFromTopology(topology);
    else await net.addPeers(o.peers, { autoGossip: false });
    const joinMs = performance.now() - t0;
    await net.startGossip({ origins: o.origins });
    faults.start(net);
    let stopped = false;
    await Promise.race([new Promise((r) => setTimeout(r, o.duration * 1000)), interrupted.then(() => (stopped = true))]);
    if (!stopped) {
      await net.stopGossip();
      await Promise.race([net.quiet(SETTLE_QUIET_MS, SETTLE_MAX_MS), interrupted]);
    }
    stopping = true;
    const [g, nodes] = await Promise.all([net.summary(), net.snapshot()]);
    const live = new Set(g.livePeers);
    const links = linksOf(nodes, live);
    const degrees = [...live].map((id) => links.degree.get(id) ?? 0);
    // a report is false when the peer it names is still running at the end (nothing is killed)
    const falseReports = [...reported].filter(([id]) => live.has(id));
    summary = {
      ...summarise({
        seeds: nodes.filter((n) => n.role === 'seed' && n.running).length,
        peers: live.size,
        links: links.count,
        timing: run.timing,
        joinMs,
        gossip: g,
        degrees,
        joinFailed: joinFailed.size,
        falseReports: falseReports.map(([, n]) => n),
        faults: await faults.summary(nodes),
      }),
      shards: net.shardCount,
      shardsCrashed: crashed,
    };
  } finally {
    // the recording ends with the run, not with its teardown (every node leaving)
    const r = closeNetRecording(recording, o.record);
    if (summary && r) summary.recording = r;
    await net.stopAll();
  }
  return summary;
}

/** The links among live peers (each once) and every live peer's degree over them. */
function linksOf(nodes: ShardNode[], live: ReadonlySet<string>): { count: number; degree: Map<string, number> } {
  const seen = new Set<string>();
  const degree = new Map<string, number>();
  for (const n of nodes) {
    if (n.role !== 'peer' || !live.has(n.id)) continue;
    for (const q of n.neighbours) {
      if (!live.has(q)) continue;
      const key = n.id < q ? `${n.id} ${q}` : `${q} ${n.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      degree.set(n.id, (degree.get(n.id) ?? 0) + 1);
      degree.set(q, (degree.get(q) ?? 0) + 1);
    }
  }
  return { count: seen.size, degree };
}
