/**
 * What a replay lets into the page. A recording may come from anywhere, so every event and every
 * keyframe is checked field by field against what the store, the graph, the charts and the plots
 * read, before any of them sees it: an event that does not match is dropped (and counted), a
 * keyframe's damaged parts are replaced by empty ones. Events about the recording host itself —
 * its load, its recording, its long actions, its settings, an opened edge list — are not part of
 * the network's story and are dropped too (the live ones stay on screen).
 */
import type { CcdfPoint, DegreeBin, DegreeReport, FaultState, NodeLife, PeerTiming, PowerLawFit, RemoteSeedState, Snapshot, UiEvent, UiMessage, UiNode } from '../../../shared/types';

type Obj = Record<string, unknown>;

/** Event kinds about the recording host itself: a replay leaves them out on purpose (not counted as damage). */
export const HOST_KINDS: ReadonlySet<unknown> = new Set(['notice', 'load', 'progress', 'recording', 'runtime', 'network-key', 'topology']);

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const str = (x: unknown): x is string => typeof x === 'string' && x.length <= 10_000;
const LIVES: ReadonlySet<unknown> = new Set<NodeLife>(['up', 'down', 'dead']);

/** A node as the store keeps it, or null. */
function node(x: unknown): UiNode | null {
  if (!isObj(x) || !str(x.id) || (x.role !== 'seed' && x.role !== 'peer') || (x.origin !== 'local' && x.origin !== 'remote') || !LIVES.has(x.life) || !num(x.degree)) return null;
  return { id: x.id, role: x.role, origin: x.origin, life: x.life as NodeLife, degree: x.degree };
}

/** A gossip message, or null. */
function message(x: unknown): UiMessage | null {
  if (!isObj(x) || !str(x.id) || !str(x.origin) || !str(x.text) || !num(x.at) || !num(x.reached)) return null;
  return { id: x.id, origin: x.origin, text: x.text, at: x.at, reached: x.reached };
}

function fit(x: unknown): PowerLawFit | null | undefined {
  if (x === null) return null;
  if (!isObj(x) || ![x.alpha, x.xmin, x.D, x.nTail, x.sigma, x.n].every(num)) return undefined;
  return { alpha: x.alpha as number, xmin: x.xmin as number, D: x.D as number, nTail: x.nTail as number, sigma: x.sigma as number, n: x.n as number };
}

const bins = (x: unknown): x is DegreeBin[] => Array.isArray(x) && x.every((b) => isObj(b) && num(b.degree) && num(b.count));
const points = (x: unknown): x is CcdfPoint[] => Array.isArray(x) && x.every((p) => isObj(p) && num(p.degree) && num(p.p));

/** A degree report, or null when any part of it is not what the charts read. */
export function degreeReport(x: unknown): DegreeReport | null {
  if (!isObj(x) || !Array.isArray(x.degrees) || !x.degrees.every(num) || !bins(x.histogram) || !points(x.ccdf) || !points(x.fitLine)) return null;
  const f = fit(x.fit);
  if (f === undefined) return null;
  const scope = x.scope === 'local' || x.scope === 'remote' ? x.scope : 'both';
  return { scope, degrees: x.degrees, fit: f, histogram: x.histogram, ccdf: x.ccdf, fitLine: x.fitLine };
}

function timing(x: unknown): PeerTiming | null {
  if (!isObj(x)) return null;
  const keys = ['livenessIntervalMs', 'livenessMisses', 'gossipIntervalMs', 'gossipCount', 'neighbours'] as const;
  return keys.every((k) => num(x[k])) ? (Object.fromEntries(keys.map((k) => [k, x[k]])) as unknown as PeerTiming) : null;
}

const linkFault = (x: unknown): boolean => isObj(x) && ['loss', 'delayMs', 'jitterMs'].every((k) => x[k] === undefined || num(x[k]));
const idGroups = (x: unknown): x is string[][] => Array.isArray(x) && x.every((g) => Array.isArray(g) && g.every(str));

function faults(x: unknown): FaultState | null {
  if (!isObj(x) || !isObj(x.rules) || !Array.isArray(x.paused)) return null;
  const r = x.rules;
  if (r.network !== undefined && !linkFault(r.network)) return null;
  if (r.nodes !== undefined && !(isObj(r.nodes) && Object.values(r.nodes).every(linkFault))) return null;
  if (r.links !== undefined && !(Array.isArray(r.links) && r.links.every((l) => linkFault(l) && str((l as Obj).a) && str((l as Obj).b)))) return null;
  if (r.partition !== undefined && !idGroups(r.partition)) return null;
  if (!x.paused.every((p) => isObj(p) && str(p.id) && num(p.until))) return null;
  return x as unknown as FaultState;
}

function remoteSeed(x: unknown): RemoteSeedState | null {
  if (!isObj(x) || !str(x.id) || typeof x.answering !== 'boolean' || !(x.error === null || str(x.error))) return null;
  return { id: x.id, answering: x.answering, error: x.error };
}

/**
 * The event as the page may apply it during a replay, or null to drop it (malformed, of a kind
 * this app does not know, or about the recording host itself).
 */
export function replayEvent(e: unknown): UiEvent | null {
  if (!isObj(e)) return null;
  switch (e.kind) {
    case 'node': {
      const n = node(e.node);
      return n && { kind: 'node', node: n };
    }
    case 'node-removed':
      return str(e.id) ? { kind: 'node-removed', id: e.id } : null;
    case 'link':
      return str(e.a) && str(e.b) && typeof e.up === 'boolean' ? { kind: 'link', a: e.a, b: e.b, up: e.up } : null;
    case 'message': {
      const m = message(e.message);
      if (!m) return null;
      return num(e.total) ? { kind: 'message', message: m, total: e.total } : { kind: 'message', message: m };
    }
    case 'gossip':
      return str(e.id) && str(e.node) && str(e.from) && num(e.hops) && num(e.at) ? { kind: 'gossip', id: e.id, node: e.node, from: e.from, hops: e.hops, at: e.at } : null;
    case 'liveness-missed':
      return str(e.node) && str(e.neighbour) && num(e.misses) ? { kind: 'liveness-missed', node: e.node, neighbour: e.neighbour, misses: e.misses } : null;
    case 'suspect':
    case 'suspicion-refuted':
      return str(e.node) && str(e.neighbour) && num(e.incarnation) ? { kind: e.kind, node: e.node, neighbour: e.neighbour, incarnation: e.incarnation } : null;
    case 'dead-reported':
      return str(e.reporter) && str(e.dead) && str(e.report) ? { kind: 'dead-reported', reporter: e.reporter, dead: e.dead, report: e.report } : null;
    case 'degrees': {
      const report = degreeReport(e.report);
      return report && { kind: 'degrees', report };
    }
    case 'timing': {
      const t = timing(e.timing);
      return t && { kind: 'timing', timing: t };
    }
    case 'detector':
      return e.detector === 'assignment' || e.detector === 'swim' ? { kind: 'detector', detector: e.detector } : null;
    case 'faults': {
      const f = faults(e.faults);
      return f && { kind: 'faults', faults: f };
    }
    case 'remote-seed': {
      const seed = remoteSeed(e.seed);
      return seed && { kind: 'remote-seed', seed };
    }
    case 'remote-seed-removed':
      return str(e.id) ? { kind: 'remote-seed-removed', id: e.id } : null;
    case 'traffic':
      return [e.at, e.intervalMs, e.messagesPerS, e.framesPerS, e.receiptsPerS].every(num)
        ? { kind: 'traffic', at: e.at as number, intervalMs: e.intervalMs as number, messagesPerS: e.messagesPerS as number, framesPerS: e.framesPerS as number, receiptsPerS: e.receiptsPerS as number }
        : null;
    case 'seed-removed':
      return str(e.seed) && str(e.peer) && (e.reason === 'dead' || e.reason === 'left') && num(e.at) ? { kind: 'seed-removed', seed: e.seed, peer: e.peer, reason: e.reason, at: e.at } : null;
    default:
      // notices, load, progress, recording, runtime, network-key, topology: the recording host's
      // own state, not the network's (and any kind this version does not know)
      return null;
  }
}

/**
 * The keyframe as the page may show it, or null when its graph (nodes, links) is not readable.
 * Damaged secondary parts become empty; the host's own state (tasks, recording, runtime, opened
 * edge list, network key) is left out: the caller keeps the live one.
 */
export function replaySnapshot(k: unknown): Omit<Snapshot, 'recording' | 'runtime' | 'topology' | 'networkKey'> | null {
  if (!isObj(k) || !Array.isArray(k.nodes) || !Array.isArray(k.links)) return null;
  const nodes = k.nodes.map(node);
  if (nodes.some((n) => n === null)) return null;
  if (!k.links.every((l) => Array.isArray(l) && str(l[0]) && str(l[1]))) return null;
  const links = (k.links as unknown[][]).map((l) => [l[0], l[1]] as [string, string]);
  const messages = Array.isArray(k.messages) ? k.messages.map(message).filter((m): m is UiMessage => m !== null) : [];
  return {
    nodes: nodes as UiNode[],
    links,
    timing: timing(k.timing) ?? { livenessIntervalMs: 13_000, livenessMisses: 3, gossipIntervalMs: 5000, gossipCount: 10, neighbours: 2 },
    report: degreeReport(k.report) ?? { scope: 'both', degrees: [], fit: null, histogram: [], ccdf: [], fitLine: [] },
    messages,
    messageTotal: num(k.messageTotal) ? k.messageTotal : messages.length,
    remoteSeeds: Array.isArray(k.remoteSeeds) ? k.remoteSeeds.map(remoteSeed).filter((r): r is RemoteSeedState => r !== null) : [],
    detector: k.detector === 'swim' ? 'swim' : 'assignment',
    faults: faults(k.faults) ?? { rules: {}, paused: [] },
    suspicions: Array.isArray(k.suspicions) ? (k.suspicions.filter((s) => Array.isArray(s) && str(s[0]) && Array.isArray(s[1]) && s[1].every(str)) as Array<[string, string[]]>) : [],
  };
}
