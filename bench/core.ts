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
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { systemClock } from '../src/core/clock';
import { NetworkHost } from '../src/core/host/network';
import { GossipStats, quantile } from '../src/core/host/stats';
import { dial } from '../src/core/net/connection';
import { DEFAULT_LIMITS } from '../src/core/net/limits';
import type { PeerTiming } from '../src/core/peer/options';
import { DEFAULT_TIMING } from '../src/core/peer/options';
import { addrKey } from '../src/core/protocol/addr';

/** One size's figures. Times in ms, memory in KiB. */
export interface CoreBenchResult {
  peers: number;
  timing: PeerTiming;
  joinMs: number;
  rssPerPeerKiB: number;
  loopDelayP99Ms: number;
  messages: number;
  coverageMin: number;
  oneWayFrameMs: number;
  latencyMs: { p50: number; p99: number };
  floorMs: { p50: number; p99: number };
  /** latency ÷ floor, per receipt. */
  latencyOverFloor: { p50: number; p99: number };
  transmissionsPerMessage: number;
  transmissionsFloor: number;
  detectionMs: number | null;
  detectionFloorMs: number;
}

/** Shortest-path hop counts from `from` over undirected `links`. */
function hopsFrom(from: string, adj: Map<string, string[]>): Map<string, number> {
  const dist = new Map<string, number>([[from, 0]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of adj.get(v) ?? []) {
      if (dist.has(w)) continue;
      dist.set(w, dist.get(v)! + 1);
      queue.push(w);
    }
  }
  return dist;
}

/** Runs one size. */
export async function benchCore(peers: number, timing: PeerTiming): Promise<CoreBenchResult> {
  const net = new NetworkHost({ randomSeed: 1, timing });
  const stats = new GossipStats();
  net.on((e) => stats.record(e));
  for (let i = 0; i < 3; i++) await net.addSeed();
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;

  const t0 = performance.now();
  await net.addPeers(peers, { autoGossip: false });
  const joinMs = performance.now() - t0;

  // the one-way latency of one frame on this machine: half the median round trip of a liveness request
  const target = net.peers()[0]!;
  const conn = await dial(target.addr.host, target.addr.port, systemClock, DEFAULT_LIMITS);
  const rtts: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await conn.request({ type: 'liveness', timestamp: Date.now(), from: { host: '127.0.0.1', port: 1 } });
    rtts.push(performance.now() - t);
  }
  conn.end();
  rtts.sort((a, b) => a - b);
  const oneWayFrameMs = quantile(rtts, 0.5) / 2;

  const adj = new Map<string, string[]>();
  for (const [a, b] of net.links()) {
    adj.set(a, [...(adj.get(a) ?? []), b]);
    adj.set(b, [...(adj.get(b) ?? []), a]);
  }

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  net.startGossip();
  const total = peers * timing.gossipCount;
  const deadline = Date.now() + timing.gossipCount * timing.gossipIntervalMs + 60_000;
  while (Date.now() < deadline && !net.peers().every((p) => p.messageList.size >= total)) await new Promise((r) => setTimeout(r, 200));
  loop.disable();
  (globalThis as { gc?: () => void }).gc?.();
  const rss1 = process.memoryUsage().rss;

  const live = new Set(net.peers().map((p) => p.id));
  const summary = stats.summary(live);
  const latencies: number[] = [];
  const floors: number[] = [];
  const ratios: number[] = [];
  const hopCache = new Map<string, Map<string, number>>();
  for (const m of stats.messages.values()) {
    const hops = hopCache.get(m.origin) ?? hopsFrom(m.origin, adj);
    hopCache.set(m.origin, hops);
    for (const [peer, r] of m.receivedBy) {
      const floor = (hops.get(peer) ?? r.hops) * oneWayFrameMs;
      latencies.push(r.latencyMs);
      floors.push(floor);
      ratios.push(r.latencyMs / Math.max(floor, 1e-3));
    }
  }
  for (const a of [latencies, floors, ratios]) a.sort((x, y) => x - y);

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

  const r1 = (x: number): number => Math.round(x * 100) / 100;
  return {
    peers,
    timing,
    joinMs: Math.round(joinMs),
    rssPerPeerKiB: Math.round((rss1 - rss0) / peers / 1024),
    loopDelayP99Ms: r1(loop.percentile(99) / 1e6),
    messages: summary.messages,
    coverageMin: summary.coverage.length ? Math.min(...summary.coverage) : 0,
    oneWayFrameMs: r1(oneWayFrameMs),
    latencyMs: { p50: r1(quantile(latencies, 0.5)), p99: r1(quantile(latencies, 0.99)) },
    floorMs: { p50: r1(quantile(floors, 0.5)), p99: r1(quantile(floors, 0.99)) },
    latencyOverFloor: { p50: r1(quantile(ratios, 0.5)), p99: r1(quantile(ratios, 0.99)) },
    transmissionsPerMessage: r1(summary.transmissionsPerMessage),
    transmissionsFloor: peers - 1,
    detectionMs: detectionMs === null ? null : Math.round(detectionMs),
    detectionFloorMs: timing.livenessMisses * timing.livenessIntervalMs,
  };
}

/** Faster protocol timing for a quick look (the targets are stated at the defaults). */
export const QUICK_TIMING: PeerTiming = { ...DEFAULT_TIMING, gossipIntervalMs: 500, gossipCount: 5, livenessIntervalMs: 500 };

/** The results as a text table. */
export function formatCoreTable(rows: CoreBenchResult[]): string {
  const head = ['peers', 'join s', 'RSS/peer KiB', 'loop p99 ms', 'coverage', 'latency p50/p99 ms', 'floor p50/p99 ms', 'latency÷floor p50/p99', 'frames/msg (floor)', 'detect s (floor)'];
  const lines = rows.map((r) => [
    r.peers,
    (r.joinMs / 1000).toFixed(1),
    r.rssPerPeerKiB,
    r.loopDelayP99Ms,
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
  const i = process.argv.indexOf('--peers');
  const peers = i > 0 ? Number(process.argv[i + 1]) : 100;
  const timing = process.argv.includes('--quick') ? QUICK_TIMING : DEFAULT_TIMING;
  console.log(JSON.stringify(await benchCore(peers, timing)));
  process.exit(0);
}
