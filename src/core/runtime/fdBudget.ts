/**
 * The open-file budget of a network started from an edge list: how many file descriptors this
 * process may hold, how many it holds now, and how many a topology would need — so that the CLI
 * and the app refuse, with a message that says what to do, instead of starting something that
 * fails half-way with EMFILE.
 *
 * Every peer, every link and every seed registration is a socket, and a socket is a file
 * descriptor. A topology of N nodes and E links, started in one process next to `seeds` seeds of
 * which `localSeeds` run in this process (`newSeeds` of those still to be started), needs
 *
 *   N                      one listening socket per peer
 * + 2·E                    both ends of every link (the dialler's socket and the accepted one)
 * + N·r                    each peer's connection to every seed it registered with,
 *                          r = ⌊seeds/2⌋ + 1 (a majority). These are open during the join and
 *                          again for a while after each degree update (Limits.seedIdleMs); while
 *                          a graph is joining, new links keep earlier peers' ones busy, so the
 *                          estimate counts them all: the peak, not the quiet state
 * + N·min(r, localSeeds)   the seed side of those connections, for seeds in this process
 *                          (worst case: every registration lands on a local seed)
 * + newSeeds               a listening socket per seed still to be started
 * + {@link FD_MARGIN}      spare, for short-lived dials (remote observation, a log file, …)
 *
 * on top of the descriptors already open. Measured on Linux with the first 1,000 nodes of
 * Gnutella08 (2,298 links) and 3 local seeds: with seed connections held open, exactly
 * N + 2E + 2·2·N + 3 = 9,599 descriptors; with the default idle close, 7,663 at the peak of a
 * 5.6 s join and N + 2E + 3 = 5,599 once quiet. The estimate is an upper bound: a join faster
 * than the idle time reaches it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Topology } from '../topology/edgeList';

/** Descriptors kept spare beyond the estimate (short-lived dials, a log file, DNS, …). */
export const FD_MARGIN = 64;

/** The "Max open files" limits of this process; null = unknown, Infinity = unlimited. */
export interface FdLimits {
  soft: number | null;
  hard: number | null;
}

/** What this process may open and what it holds now (null = unknown on this platform). */
export interface FdBudget extends FdLimits {
  /** Descriptors open now. */
  inUse: number | null;
}

/** The seeds a topology's peers will register with. */
export interface SeedCounts {
  /** Seeds in the peers' seed list, local and remote (≥ 1). */
  total: number;
  /** Of those, seeds that run (or will run) in this process. */
  local: number;
  /** Of the local ones, seeds not started yet (their listeners are part of the need). */
  toStart: number;
}

/** The estimated need of a topology, in file descriptors, term by term (see the module doc). */
export interface FdNeed {
  nodes: number;
  links: number;
  /** Peer listeners: N. */
  listeners: number;
  /** Both ends of every link: 2·E. */
  linkEnds: number;
  /** Peer-to-seed connections, both sides in this process: N·r + N·min(r, local). */
  seedConnections: number;
  /** New seeds' listeners. */
  seedListeners: number;
  margin: number;
  /** The sum of the above. */
  total: number;
}

/** The answer of {@link checkTopologyFds}. */
export type FdVerdict =
  | { ok: true; need: FdNeed; budget: FdBudget; /** False when the limit is unknown (nothing was checked). */ checked: boolean }
  | { ok: false; need: FdNeed; budget: FdBudget; /** Most first nodes that fit now (0 when none). */ maxNodes: number; message: string };

/**
 * Reads the "Max open files" line of a /proc/<pid>/limits text.
 * @returns the soft and hard limits (Infinity for "unlimited"); nulls when the line is missing
 *   or unreadable.
 */
export function parseOpenFileLimits(text: string): FdLimits {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!m) return { soft: null, hard: null };
  const value = (s: string): number | null => (s === 'unlimited' ? Infinity : /^\d+$/.test(s) ? Number(s) : null);
  return { soft: value(m[1]!), hard: value(m[2]!) };
}

/**
 * This process's open-file limits, from /proc/self/limits (Linux).
 * @returns nulls where that file cannot be read (other platforms).
 */
export function readFdLimits(path = '/proc/self/limits'): FdLimits {
  try {
    return parseOpenFileLimits(readFileSync(path, 'utf8'));
  } catch {
    return { soft: null, hard: null };
  }
}

/**
 * How many descriptors this process holds now: the entries of /proc/self/fd (Linux), less the
 * one that listing itself opens.
 * @returns null where that directory cannot be read.
 */
export function countOpenFds(dir = '/proc/self/fd'): number | null {
  try {
    return Math.max(0, readdirSync(dir).length - 1);
  } catch {
    return null;
  }
}

/** This process's limits and the descriptors in use now. */
export function currentFdBudget(): FdBudget {
  return { ...readFdLimits(), inUse: countOpenFds() };
}

/**
 * The descriptors a topology of `nodes` nodes and `links` links needs when started next to
 * `seeds` (the formula is in the module doc).
 * @throws RangeError when a count is negative or there is no seed.
 */
export function estimateTopologyFds(nodes: number, links: number, seeds: SeedCounts): FdNeed {
  if (nodes < 0 || links < 0 || seeds.local < 0 || seeds.toStart < 0) throw new RangeError('counts must not be negative');
  if (seeds.total < 1) throw new RangeError('peers need at least one seed');
  const r = Math.floor(seeds.total / 2) + 1;
  const listeners = nodes;
  const linkEnds = 2 * links;
  const seedConnections = nodes * r + nodes * Math.min(r, seeds.local);
  const total = listeners + linkEnds + seedConnections + seeds.toStart + FD_MARGIN;
  return { nodes, links, listeners, linkEnds, seedConnections, seedListeners: seeds.toStart, margin: FD_MARGIN, total };
}

/**
 * The links of the first k nodes (the induced subgraph over node indices < k), for every k:
 * `out[k]` = edges whose both ends are < k. Length `ids.length + 1`.
 */
export function prefixLinkCounts(t: Topology): number[] {
  const out = new Array<number>(t.ids.length + 1).fill(0);
  for (const [, b] of t.edges) out[b + 1]!++; // a < b: the edge belongs from k = b + 1 on
  for (let k = 1; k < out.length; k++) out[k]! += out[k - 1]!;
  return out;
}

/**
 * Checks that the first `nodes` nodes of `t` fit this process's open-file limit.
 * @param split how the user starts fewer nodes, for the message: `k => "--nodes 1750"`
 * @param budget the limits and use (default: read now)
 * @returns ok (also when the limit is unknown: `checked: false`), or a refusal with the need,
 *   the budget, the most nodes that fit, and a message naming both and how to raise the limit.
 */
export function checkTopologyFds(t: Topology, nodes: number, seeds: SeedCounts, split: (k: number) => string, budget: FdBudget = currentFdBudget()): FdVerdict {
  const counts = prefixLinkCounts(t);
  const k = Math.max(0, Math.min(nodes, t.ids.length));
  const need = estimateTopologyFds(k, counts[k]!, seeds);
  if (budget.soft === null || budget.soft === Infinity) return { ok: true, need, budget, checked: budget.soft === Infinity };
  const inUse = budget.inUse ?? 0;
  const fits = (j: number): boolean => estimateTopologyFds(j, counts[j]!, seeds).total + inUse <= budget.soft!;
  if (fits(k)) return { ok: true, need, budget, checked: true };
  let maxNodes = 0;
  while (maxNodes < k && fits(maxNodes + 1)) maxNodes++;
  const want = need.total + inUse;
  const raise = Math.ceil((want * 1.1) / 1024) * 1024; // with some room
  const hardNote =
    budget.hard !== null && budget.hard !== Infinity && budget.hard < want
      ? ` (the hard limit here is ${budget.hard}: going past it needs root, CAP_SYS_RESOURCE)`
      : '';
  const r = Math.floor(seeds.total / 2) + 1;
  const message =
    `not enough open files for ${k} nodes and ${need.links} links in one process: they need about ${need.total} file descriptors ` +
    `(${need.listeners} listeners + ${need.linkEnds} for both ends of ${need.links} links + ${need.seedConnections} for ` +
    `${r} seed connection${r === 1 ? '' : 's'} per peer${seeds.local > 0 ? ', both ends' : ''} + ${need.seedListeners + need.margin} spare) ` +
    `on top of the ${inUse} open now, ${want} in all, but this process may open at most ${budget.soft} (ulimit -n). ` +
    `Raise the limit with \`ulimit -n ${raise}\` in the shell that starts it${hardNote}` +
    (maxNodes > 0 ? `, or start only the first nodes of the graph: ${split(maxNodes)} fits now.` : '. Not even one node fits now.');
  return { ok: false, need, budget, maxNodes, message };
}

/**
 * The same check for a network whose nodes run in `budgets.length` shard processes (node i in
 * shard i mod K, as `ShardedNetwork.addPeersFromTopology` places them): each shard must hold its
 * own nodes' listeners, its ends of their links and their seed connections within its own limit.
 * One budget (or none) is {@link checkTopologyFds}.
 * @returns ok, or a refusal naming the shard that does not fit; `need` and `budget` are that of
 *   the tightest shard.
 */
export function checkShardedTopologyFds(t: Topology, nodes: number, seeds: SeedCounts, split: (k: number) => string, budgets: FdBudget[]): FdVerdict {
  if (budgets.length <= 1) return checkTopologyFds(t, nodes, seeds, split, budgets[0] ?? currentFdBudget());
  const k = Math.max(0, Math.min(nodes, t.ids.length));
  const shards = budgets.length;
  const fitsAll = (j: number): { ok: boolean; worst: number; needs: FdNeed[] } => {
    const count = new Array<number>(shards).fill(0);
    const ends = new Array<number>(shards).fill(0);
    for (let i = 0; i < j; i++) count[i % shards]!++;
    for (const [a, b] of t.edges) {
      if (a >= j || b >= j) continue;
      ends[a % shards]!++;
      ends[b % shards]!++;
    }
    // seeds are placed in the shards in turn: shard s starts at most ⌈toStart / K⌉ of them
    const needs = count.map((c, s) => {
      const perShard = { total: seeds.total, local: Math.min(seeds.local, Math.ceil(seeds.local / shards)), toStart: Math.ceil(seeds.toStart / shards) };
      const n = estimateTopologyFds(c, 0, perShard);
      const linkEnds = ends[s]!;
      return { ...n, links: linkEnds / 2, linkEnds, total: n.total + linkEnds };
    });
    let worst = -1;
    let worstSlack = Infinity;
    needs.forEach((n, s) => {
      const b = budgets[s]!;
      if (b.soft === null || b.soft === Infinity) return;
      const slack = b.soft - (b.inUse ?? 0) - n.total;
      if (slack < worstSlack) {
        worstSlack = slack;
        worst = s;
      }
    });
    return { ok: worstSlack >= 0, worst: Math.max(0, worst), needs };
  };
  const result = fitsAll(k);
  const worst = result.worst;
  const need = result.needs[worst]!;
  const budget = budgets[worst]!;
  if (result.ok) return { ok: true, need, budget, checked: budgets.every((b) => b.soft !== null) };
  let maxNodes = 0;
  let lo = 0;
  let hi = k;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsAll(mid).ok) lo = mid;
    else hi = mid - 1;
  }
  maxNodes = lo;
  const want = need.total + (budget.inUse ?? 0);
  const raise = Math.ceil((want * 1.1) / 1024) * 1024;
  const message =
    `not enough open files for ${k} nodes and ${prefixLinkCounts(t)[k]} links in ${shards} shard processes: shard ${worst + 1} needs about ${need.total} file descriptors ` +
    `(${need.listeners} listeners + ${need.linkEnds} link ends + ${need.seedConnections} for seed connections + ${need.seedListeners + need.margin} spare) ` +
    `on top of the ${budget.inUse ?? 0} open now, ${want} in all, but a shard may open at most ${budget.soft} (ulimit -n). ` +
    `Raise the limit with \`ulimit -n ${raise}\` in the shell that starts the app, or use more shards` +
    (maxNodes > 0 ? `, or start only the first nodes of the graph: ${split(maxNodes)} fits now.` : '. Not even one node fits now.');
  return { ok: false, need, budget, maxNodes, message };
}
