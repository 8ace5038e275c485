/**
 * `gossip-lab net`: a whole network on loopback — in this process, or in shard processes with
 * `--shards K` (./netSharded.ts): seeds, peers joining one after
 * another (or wired as an edge list says: --edges, see ./netEdges.ts), gossip — and a summary at
 * the end: coverage of every message, propagation latency, the degree sequence and its power-law fit,
 * and what went wrong: peers that failed to join and live peers reported dead (either makes the
 * command exit 1).
 */
import { fitPowerLaw } from '../../core/analysis/powerlaw';
import type { PowerLawFit } from '../../core/analysis/powerlaw';
import { NetworkHost } from '../../core/runtime/network';
import { GossipStats } from '../../core/runtime/stats';
import type { GossipSummary } from '../../core/runtime/stats';
import type { PeerTiming } from '../../core/peer/options';
import type { Topology } from '../../core/topology/edgeList';
import { createFileLogger } from '../logger';
import type { FileLogger } from '../logger';
import type { NetworkFlags } from '../network';
import { keyFrom, limitsFrom } from '../network';
import type { TimingFlags } from '../options';
import { timingFrom } from '../options';
import type { FaultFlags } from '../faultOptions';
import type { FaultSummary } from './netFaults';
import { NetFaults, formatFaults, planFrom } from './netFaults';
import { describeNode } from '../../core/runtime/localRuntime';
import type { RecordingSummary } from './netRecord';
import { closeNetRecording, formatRecording, openNetRecording } from './netRecord';

/** Parsed options of `net`. */
export interface NetFlags extends TimingFlags, NetworkFlags, FaultFlags {
  seeds: number;
  peers: number;
  duration: number;
  json?: boolean;
  log?: string;
  randomSeed?: number;
  host: string;
  /** Edge list the peers are wired from, instead of `peers` joining by preferential attachment. */
  edges?: string;
  /** With `edges`: start only its first K nodes (the subgraph they induce). */
  nodes?: number;
  /** Only this many peers (at random) create messages; all forward. Default: every peer. */
  origins?: number;
  /** Shard processes the nodes run in; 0: all in this process. */
  shards?: number;
  /** Build this many networks and report α's spread (see ./netRepeat.ts). */
  repeat?: number;
  /** Record the run to this file (see ./netRecord.ts). */
  record?: string;
  /** Size limit of the recording, MiB. */
  recordMaxMb?: number;
}

/** What `net` reports (also its `--json` output). */
export interface NetSummary {
  seeds: number;
  peers: number;
  links: number;
  timing: PeerTiming;
  /** Time for every peer to register and link, ms. */
  joinMs: number;
  /** Gossip messages created. */
  messages: number;
  /** Per message: fraction of live peers that received it. */
  coverage: number[];
  latencyMs: { p50: number | null; p99: number | null; max: number | null };
  /** Mean frames sent per message (floor: peers − 1). */
  transmissionsPerMessage: number;
  duplicates: number;
  /** Degree of every live peer. */
  degrees: number[];
  fit: PowerLawFit | null;
  /** Peers that failed to join (their `join-failed` events). */
  joinFailed: number;
  /**
   * False dead-node reports: reports about a peer that was still running when it was reported
   * (nothing is killed during `net`, so every report is one) — how many reports, about how many peers.
   */
  falseDeadReports: { reports: number; peers: number };
  /** What injected faults (and the swim detector) did; absent without them. */
  faults?: FaultSummary;
  /** What `--record` wrote; absent without it. */
  recording?: RecordingSummary;
}

/** After the run, gossip counts as settled once no peer got a new message for this long, ms. */
const SETTLE_QUIET_MS = 1_000;
/** The longest the run waits for gossip under way to settle, ms. */
const SETTLE_MAX_MS = 30_000;

/**
 * Runs the network for `duration` seconds after the last peer joined, stops creating messages,
 * waits for the ones under way to finish spreading (at most {@link SETTLE_MAX_MS}), then stops it
 * and summarises.
 * @param topology when given, the peers are wired as its edges say (one per node) instead of
 *   `o.peers` joining by preferential attachment
 * @throws UsageError for a bad network key file or `--limit` (exit code 2).
 */
export async function runNet(o: NetFlags, topology?: Topology): Promise<NetSummary> {
  const limits = limitsFrom(o);
  if ((o.shards ?? 0) > 0) {
    const { runShardedNet } = await import('./netSharded');
    return runShardedNet(o, { shards: o.shards!, timing: timingFrom(o), limits: { ...o.limit }, networkKey: keyFrom(o) }, topology);
  }
  let logger: FileLogger | undefined;
  if (o.log) logger = createFileLogger('net', o.log, { console: false });
  const timing = timingFrom(o);
  const plan = planFrom(o);
  let summary: NetSummary | undefined;
  const host = new NetworkHost({
    host: o.host,
    timing,
    randomSeed: o.randomSeed,
    limits,
    logger: logger ? (id, role) => prefixed(logger!, `${role} ${id}`) : undefined,
    detector: o.detector ?? 'assignment',
    faults: plan !== undefined,
  });
  const faults = new NetFaults(o, plan);
  const stats = new GossipStats();
  const joinFailed = new Set<string>();
  const reportedAlive = new Map<string, number>();
  let stopping = false;
  const recording = openNetRecording(o, timing);
  host.on((e) => {
    recording?.onEvent(e);
    stats.record(e);
    faults.record(e);
    if (e.type === 'join-failed') joinFailed.add(e.node);
    else if (e.type === 'dead-node-reported' && !stopping && host.get(e.dead)?.running) reportedAlive.set(e.dead, (reportedAlive.get(e.dead) ?? 0) + 1);
  });
  // a signal ends the run at once, joins in progress included, and the summary is printed
  const interrupted = new Promise<void>((resolve) => {
    const stop = (): void => {
      stopping = true;
      resolve();
      void host.stopAll();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    for (let i = 0; i < o.seeds; i++) await host.addSeed(0, o.host);
    const t0 = performance.now();
    if (topology) await host.addPeersFromTopology(topology, { autoGossip: false });
    else await host.addPeers(o.peers, { autoGossip: false });
    const joinMs = performance.now() - t0;
    host.startGossip({ origins: o.origins });
    faults.start({
      setFaults: async (rules) => host.faults?.setRules(rules),
      killNode: (id) => host.killNode(id),
      nodes: async () => host.all().map(describeNode),
    });
    let stopped = false;
    await Promise.race([new Promise((r) => setTimeout(r, o.duration * 1000)), interrupted.then(() => (stopped = true))]);
    if (!stopped) {
      // no new messages from now on; the ones under way finish spreading before the summary
      host.stopGossip();
      await Promise.race([stats.quiet(SETTLE_QUIET_MS, SETTLE_MAX_MS), interrupted]);
    }
    stopping = true;
    const live = new Set(host.peers().map((p) => p.id));
    const g = stats.summary(live, host.peers().reduce((n, p) => n + p.duplicatesDropped, 0));
    summary = summarise({
      seeds: host.seeds().length,
      peers: live.size,
      links: host.links().length,
      timing,
      joinMs,
      gossip: g,
      degrees: host.degrees(),
      joinFailed: joinFailed.size,
      falseReports: [...reportedAlive.values()],
      faults: await faults.summary(host.all().map(describeNode)),
    });
  } finally {
    // the recording ends with the run, not with its teardown (every node leaving)
    const r = closeNetRecording(recording, o.record);
    if (summary && r) summary.recording = r;
    await host.stopAll();
    logger?.close();
  }
  return summary;
}

/** What both ways of running `net` measured, before it becomes a {@link NetSummary}. */
export interface NetMeasures {
  seeds: number;
  peers: number;
  links: number;
  timing: PeerTiming;
  joinMs: number;
  gossip: GossipSummary;
  degrees: number[];
  joinFailed: number;
  /** For each live peer reported dead, how many reports. */
  falseReports: number[];
  faults?: FaultSummary;
}

/** The summary `net` prints (and its --json), from what a run measured. */
export function summarise(m: NetMeasures): NetSummary {
  const g = m.gossip;
  const nullable = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    seeds: m.seeds,
    peers: m.peers,
    links: m.links,
    timing: m.timing,
    joinMs: Math.round(m.joinMs),
    messages: g.messages,
    coverage: g.coverage,
    latencyMs: { p50: nullable(g.latencyMs.p50), p99: nullable(g.latencyMs.p99), max: nullable(g.latencyMs.max) },
    transmissionsPerMessage: g.transmissionsPerMessage,
    duplicates: g.duplicates,
    degrees: m.degrees,
    fit: fitPowerLaw(m.degrees),
    joinFailed: m.joinFailed,
    falseDeadReports: { reports: m.falseReports.reduce((a, b) => a + b, 0), peers: m.falseReports.length },
    ...(m.faults ? { faults: m.faults } : {}),
  };
}

/** The summary as a few human-readable lines. */
export function formatNetSummary(s: NetSummary): string {
  const full = s.coverage.filter((c) => c === 1).length;
  const minCov = s.coverage.length ? Math.min(...s.coverage) : NaN;
  const fit = s.fit
    ? `alpha ${s.fit.alpha.toFixed(3)} ± ${s.fit.sigma.toFixed(3)}, x_min ${s.fit.xmin}, KS D ${s.fit.D.toFixed(4)}, tail ${s.fit.nTail} of ${s.fit.n}`
    : 'not enough distinct degrees to fit';
  return [
    `nodes        ${s.seeds} seeds, ${s.peers} peers (joined in ${s.joinMs} ms)`,
    `links        ${s.links}`,
    s.messages === 0
      ? 'messages     none (gossip count 0, or the run ended before the first)'
      : `messages     ${s.messages}: ${full} reached every live peer; lowest coverage ${(Math.floor(minCov * 10_000) / 100).toFixed(2)}% (${Math.round(minCov * s.peers)} of ${s.peers} live peers)`,
    `latency      p50 ${s.latencyMs.p50 ?? '-'} ms, p99 ${s.latencyMs.p99 ?? '-'} ms, max ${s.latencyMs.max ?? '-'} ms`,
    `flooding     ${s.transmissionsPerMessage.toFixed(1)} frames per message (floor ${Math.max(0, s.peers - 1)}), ${s.duplicates} duplicates dropped`,
    `degrees      ${degreeLine(s.degrees)}`,
    `power law    ${fit}`,
    `failures     ${failureLine(s)}`,
    ...(s.faults ? [formatFaults(s.faults)] : []),
    ...(s.recording ? [formatRecording(s.recording)] : []),
  ].join('\n');
}

function failureLine(s: NetSummary): string {
  if (s.joinFailed === 0 && s.falseDeadReports.reports === 0) return 'none: every peer joined, no live peer was reported dead';
  return `${s.joinFailed} ${s.joinFailed === 1 ? 'peer' : 'peers'} failed to join; ${s.falseDeadReports.peers} live ${s.falseDeadReports.peers === 1 ? 'peer' : 'peers'} reported dead (${s.falseDeadReports.reports} false ${s.falseDeadReports.reports === 1 ? 'report' : 'reports'})`;
}

/**
 * Why the run counts as failed (exit 1) — peers that failed to join, live peers reported dead —
 * or undefined when neither happened.
 */
export function netFailed(s: NetSummary): string | undefined {
  const why: string[] = [];
  if (s.joinFailed > 0) why.push(`${s.joinFailed} of ${s.peers + s.joinFailed} peers failed to join (run with --log FILE to see why)`);
  // with faults injected on purpose, live peers reported dead are the measurement, not a failure
  const injected = s.faults !== undefined && (s.faults.loss !== undefined || s.faults.delay !== undefined || s.faults.partitionS !== undefined);
  if (s.falseDeadReports.peers > 0 && !injected) why.push(`${s.falseDeadReports.peers} live ${s.falseDeadReports.peers === 1 ? 'peer was' : 'peers were'} reported dead (${s.falseDeadReports.reports} false ${s.falseDeadReports.reports === 1 ? 'report' : 'reports'}; an overloaded process misses liveness replies: lower the gossip rate or the peer count)`);
  return why.length ? why.join('; ') : undefined;
}

function prefixed(l: FileLogger, prefix: string): FileLogger {
  return {
    info: (m) => l.info(`${prefix}: ${m}`),
    warn: (m) => l.warn(`${prefix}: ${m}`),
    error: (m) => l.error(`${prefix}: ${m}`),
    close: () => {},
  };
}

/** The degrees themselves for a small network; for a large one, their range and median (--json has them all). */
function degreeLine(degrees: number[]): string {
  if (degrees.length <= 60) return degrees.join(' ');
  const sorted = [...degrees].sort((a, b) => a - b);
  return `${degrees.length} peers: min ${sorted[0]}, median ${sorted[sorted.length >> 1]}, max ${sorted.at(-1)} (--json lists them all)`;
}
