/**
 * The nodes under load, in one process: 3 seeds + N peers on loopback. Measures join time,
 * resident memory per peer, the event loop's delay while gossip runs, gossip coverage and
 * latency against its physical floor (hops on the shortest path × the measured one-way latency
 * of one frame), flooding cost against its floor N − 1, and failure detection against its floor
 * (misses × liveness interval).
 *
 * Run one size: `npx tsx bench/core.ts --peers 100 [--quick]` (prints JSON). `npm run bench`
 * runs each size in its own process (so RSS is that size's alone) and prints the table.
 */
import type { RecordableHistogram } from 'node:perf_hooks';
import { createHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock';
import { NetworkHost } from '../src/core/runtime/network';
import { GossipStats, quantile } from '../src/core/runtime/stats';
import { dial } from '../src/core/net/connection';
import { DEFAULT_LIMITS } from '../src/core/net/limits';
import type { PeerTiming } from '../src/core/peer/options';
import { DEFAULT_TIMING } from '../src/core/peer/options';
import type { Addr } from '../src/core/protocol/addr';
import { addrKey } from '../src/core/protocol/addr';
import type { NodeEvent } from '../src/core/events';

/** What a gossip run measured (see {@link measureGossip}). Times in ms. */
export interface GossipFigures {
  loopDelayP99Ms: number;
  /** Event-loop utilisation while gossip ran (1 = the thread never idled). */
  loopUtilization: number;
  messages: number;
  coverageMin: number;
  oneWayFrameMs: number;
  latencyMs: { p50: number; p99: number };
  floorMs: { p50: number; p99: number };
  /** latency ÷ floor, per receipt. */
  latencyOverFloor: { p50: number; p99: number };
  transmissionsPerMessage: number;
  transmissionsFloor: number;
}

/** One size's figures. Times in ms, memory in KiB. */
export interface CoreBenchResult extends GossipFigures {
  peers: number;
  timing: PeerTiming;
  joinMs: number;
  rssPerPeerKiB: number;
  /** The Message List's table per peer at the end (part of the RSS figure). */
  messageListKiBPerPeer: number;
  detectionMs: number | null;
  detectionFloorMs: number;
}

/** Shortest-path hop counts from node `from` over an adjacency list of node indices (255 = unreachable). */
function hopsFrom(from: number, adj: number[][]): Uint8Array {
  const dist = new Uint8Array(adj.length).fill(255);
  dist[from] = 0;
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of adj[v]!) {
      if (dist[w] !== 255) continue;
      dist[w] = Math.min(254, dist[v]! + 1);
      queue.push(w);
    }
  }
  return dist;
}

/**
 * Measures gossip latency as it happens, compactly: creation and first-receipt times come from
 * `performance.now()` when the (synchronous, in-process) events fire, so they have sub-ms
 * resolution; each receipt's latency, its floor (shortest-path hops × one-way frame latency) and
 * their ratio go into HDR histograms. Hop tables are computed per origin on its first message.
 */
export class LatencyProbe {
  readonly latencyUs = createHistogram();
  readonly floorUs = createHistogram();
  /** latency ÷ floor × 100 */
  readonly ratio = createHistogram();
  private readonly created = new Map<string, { t: number; origin: number }>();
  private readonly hops = new Map<number, Uint8Array>();

  /**
   * @param index peer id → node index in `adj`
   * @param adj the topology the gossip runs over
   * @param oneWayFrameMs the floor of one hop, ms
   */
  constructor(
    private readonly index: Map<string, number>,
    private readonly adj: number[][],
    private readonly oneWayFrameMs: number,
  ) {}

  /** Takes one event. */
  record(e: NodeEvent): void {
    if (e.type === 'gossip-generated') {
      const origin = this.index.get(e.node);
      if (origin !== undefined) this.created.set(e.id, { t: performance.now(), origin });
    } else if (e.type === 'gossip-received') {
      const c = this.created.get(e.id);
      const at = this.index.get(e.node);
      if (!c || at === undefined) return;
      const latencyMs = performance.now() - c.t;
      let table = this.hops.get(c.origin);
      if (!table) this.hops.set(c.origin, (table = hopsFrom(c.origin, this.adj)));
      const floorMs = (table[at] === 255 ? e.hops : table[at]!) * this.oneWayFrameMs;
      this.latencyUs.record(Math.max(1, Math.round(latencyMs * 1000)));
      this.floorUs.record(Math.max(1, Math.round(floorMs * 1000)));
      this.ratio.record(Math.max(1, Math.round((latencyMs / floorMs) * 100)));
    }
  }
}

/** Half the median round trip of `n` liveness requests to `target`: one frame's one-way latency, ms. */
export async function oneWayFrameLatency(target: Addr, n = 200): Promise<number> {
  const conn = await dial(target.host, target.port, systemClock, DEFAULT_LIMITS);
  const rtts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await conn.request({ type: 'liveness', timestamp: Date.now(), from: { host: '127.0.0.1', port: 1 } });
    rtts.push(performance.now() - t);
  }
  conn.end();
  rtts.sort((a, b) => a - b);
  return quantile(rtts, 0.5) / 2;
}

/** The running peers' links as an adjacency list over node indices, and the id → index map. */
export function adjacency(net: NetworkHost): { index: Map<string, number>; adj: number[][] } {
  const index = new Map(net.peers().map((p, i) => [p.id, i]));
  const adj: number[][] = [...index.keys()].map(() => []);
  for (const [a, b] of net.links()) {
    adj[index.get(a)!]!.push(index.get(b)!);
    adj[index.get(b)!]!.push(index.get(a)!);
  }
  return { index, adj };
}

/** Rounds to 2 decimals. */
const r2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Runs gossip on a joined network and measures it: the one-way latency of a frame (the floor of
 * a hop), then, while gossip runs, the event loop's delay and utilisation and every receipt's
 * latency against its floor; at the end the coverage and flooding cost from `stats` (which must
 * be recording the network's events).
 * @param start starts the gossip; returns how many messages every Message List holds when all
 *   have spread
 * @param lastDueMs when the last message is created, ms from now; the wait ends `graceMs` later
 *   at the latest
 */
export async function measureGossip(net: NetworkHost, stats: GossipStats, start: () => number, lastDueMs: number, graceMs: number): Promise<GossipFigures> {
  const oneWayFrameMs = await oneWayFrameLatency(net.peers()[0]!.addr);
  const { index, adj } = adjacency(net);
  const probe = new LatencyProbe(index, adj, oneWayFrameMs);
  const off = net.on((e) => probe.record(e));

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const elu0 = performance.eventLoopUtilization();
  const total = start();
  const deadline = Date.now() + lastDueMs + graceMs;
  while (Date.now() < deadline && !net.peers().every((p) => p.messageList.size >= total)) await new Promise((r) => setTimeout(r, 200));
  loop.disable();
  off();
  const elu = performance.eventLoopUtilization(elu0).utilization;

  const peers = net.peers();
  const summary = stats.summary(new Set(peers.map((p) => p.id)));
  const ms = (h: RecordableHistogram, p: number): number => (h.count ? r2(h.percentile(p) / 1000) : NaN);
  return {
    loopDelayP99Ms: r2(loop.percentile(99) / 1e6),
    loopUtilization: r2(elu),
    messages: summary.messages,
    coverageMin: summary.coverage.length ? Math.min(...summary.coverage) : 0,
    oneWayFrameMs: Math.round(oneWayFrameMs * 1000) / 1000,
    latencyMs: { p50: ms(probe.latencyUs, 50), p99: ms(probe.latencyUs, 99) },
    floorMs: { p50: ms(probe.floorUs, 50), p99: ms(probe.floorUs, 99) },
    latencyOverFloor: { p50: r2(probe.ratio.percentile(50) / 100), p99: r2(probe.ratio.percentile(99) / 100) },
    transmissionsPerMessage: r2(summary.transmissionsPerMessage),
    transmissionsFloor: peers.length - 1,
  };
}

/** Resident memory after a full garbage collection (when run with --expose-gc), bytes. */
export function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

/** Runs one size. */
export async function benchCore(peers: number, timing: PeerTiming): Promise<CoreBenchResult> {
  const net = new NetworkHost({ randomSeed: 1, timing });
  const stats = new GossipStats();
  net.on((e) => stats.record(e));
  for (let i = 0; i < 3; i++) await net.addSeed();
  const rss0 = settledRss();

  const t0 = performance.now();
  await net.addPeers(peers, { autoGossip: false });
  const joinMs = performance.now() - t0;

  const gossip = await measureGossip(
    net,
    stats,
    () => (net.startGossip(), peers * timing.gossipCount),
    timing.gossipCount * timing.gossipIntervalMs,
    60_000,
  );
  const rss1 = settledRss();
  const mlBytes = net.peers().reduce((n, p) => n + p.messageList.bytes, 0);

  // failure detection: crash the best-connected peer, time until every seed dropped it
  const hub = net.peers().reduce((a, b) => (b.degree > a.degree ? b : a));
  const hubId = hub.id;
  const tk = performance.now();
  await net.killNode(hubId);
  const detectDeadline = Date.now() + timing.livenessIntervalMs * (timing.livenessMisses + 3) + 30_000;
  let detectionMs: number | null = null;
  while (Date.now() < detectDeadline) {
    if (net.seeds().every((s) => !s.peers().some((p) => addrKey(p) === hubId))) {
      detectionMs = performance.now() - tk;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await net.stopAll();

  return {
    peers,
    timing,
    joinMs: Math.round(joinMs),
    rssPerPeerKiB: Math.round((rss1 - rss0) / peers / 1024),
    messageListKiBPerPeer: Math.round(mlBytes / peers / 1024),
    ...gossip,
    detectionMs: detectionMs === null ? null : Math.round(detectionMs),
    detectionFloorMs: timing.livenessMisses * timing.livenessIntervalMs,
  };
}

/** Faster protocol timing for a quick look (the targets are stated at the defaults). */
export const QUICK_TIMING: PeerTiming = { ...DEFAULT_TIMING, gossipIntervalMs: 500, gossipCount: 5, livenessIntervalMs: 500 };

/** The results as a text table. */
export function formatCoreTable(rows: CoreBenchResult[]): string {
  const head = ['peers', 'gossip', 'join s', 'RSS/peer KiB (ML)', 'loop p99 ms (busy)', 'coverage', 'latency p50/p99 ms', 'floor p50/p99 ms', 'latency÷floor p50/p99', 'frames/msg (floor)', 'detect s (floor)'];
  const lines = rows.map((r) => [
    r.peers,
    `${r.timing.gossipCount} msgs/peer, every ${r.timing.gossipIntervalMs / 1000} s`,
    (r.joinMs / 1000).toFixed(1),
    `${r.rssPerPeerKiB} (${r.messageListKiBPerPeer})`,
    `${r.loopDelayP99Ms} (${Math.round(r.loopUtilization * 100)}%)`,
    r.coverageMin,
    `${r.latencyMs.p50} / ${r.latencyMs.p99}`,
    `${r.floorMs.p50} / ${r.floorMs.p99}`,
    `${r.latencyOverFloor.p50} / ${r.latencyOverFloor.p99}`,
    `${r.transmissionsPerMessage} (${r.transmissionsFloor})`,
    `${r.detectionMs === null ? '—' : (r.detectionMs / 1000).toFixed(1)} (${(r.detectionFloorMs / 1000).toFixed(1)})`,
  ]);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({
    options: { peers: { type: 'string', default: '100' }, quick: { type: 'boolean' }, 'gossip-interval': { type: 'string' }, 'gossip-count': { type: 'string' } },
  });
  const timing: PeerTiming = { ...(values.quick ? QUICK_TIMING : DEFAULT_TIMING) };
  if (values['gossip-interval']) timing.gossipIntervalMs = Number(values['gossip-interval']);
  if (values['gossip-count']) timing.gossipCount = Number(values['gossip-count']);
  console.log(JSON.stringify(await benchCore(Number(values.peers), timing)));
  process.exit(0);
}
