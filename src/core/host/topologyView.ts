/**
 * A network started from an edge list, for the app's session and the CLI: the opened topology's
 * summary (size, degree distribution, power-law fit) to compare with the live network, the
 * subgraph of its first K nodes, and starting real peers wired as it says — after checking that
 * the process's open-file limit can hold them (./fdBudget.ts).
 */
import { ccdf, degreeHistogram } from '../analysis/degrees';
import { fitPowerLaw } from '../analysis/powerlaw';
import type { PowerLawFit } from '../analysis/powerlaw';
import { PeerNode } from '../peer/peerNode';
import { shuffle, unseededRandom } from '../random';
import type { Topology } from '../topology/edgeList';
import { parseEdgeList, topologyDegrees } from '../topology/edgeList';
import type { ParsedArgs, TopologyStart, TopologySummary, UiEvent } from '../../shared/contract';
import type { FdBudget } from './fdBudget';
import { checkTopologyFds, currentFdBudget } from './fdBudget';
import type { NetworkHost } from './network';

/** Local seeds `startTopology` starts when the network has none. */
export const TOPOLOGY_SEEDS = 3;

/**
 * The subgraph induced by the first `k` nodes of `t` (node indices < k): their ids and the edges
 * among them. `k` is clamped to 0..n; k ≥ n returns `t` itself.
 */
export function firstNodes(t: Topology, k: number): Topology {
  if (k >= t.ids.length) return t;
  const n = Math.max(0, k);
  return { ids: t.ids.slice(0, n), edges: t.edges.filter(([, b]) => b < n) };
}

/** The power-law fit of `degrees`, or null when there is too little to fit (never throws). */
export function safeFit(degrees: readonly number[]): PowerLawFit | null {
  try {
    return fitPowerLaw(degrees);
  } catch {
    return null;
  }
}

/**
 * What the UI shows of a topology: nodes, links, each node's degree, the degree histogram, the
 * CCDF of the positive degrees and the power-law fit.
 */
export function summarizeTopology(name: string, t: Topology): TopologySummary {
  const degrees = topologyDegrees(t);
  return {
    name,
    nodes: t.ids.length,
    links: t.edges.length,
    degrees,
    histogram: degreeHistogram(degrees),
    ccdf: ccdf(degrees.filter((d) => d > 0)),
    fit: safeFit(degrees),
  };
}

/** What a {@link TopologyView} needs from its session. */
export interface TopologyViewContext {
  network: NetworkHost;
  /** Queues a UI event. */
  push: (e: UiEvent) => void;
  notice: (level: 'info' | 'error', text: string) => void;
  /** Peers joined: the degree report should be recomputed. */
  topologyChanged: () => void;
  /** True once the session is closing. */
  closed: () => boolean;
  /** The open-file budget (default: this process's, read at each start). */
  fdBudget?: () => FdBudget;
}

/** The session's opened topology and the `openTopology` / `startTopology` commands. */
export class TopologyView {
  private opened: { summary: TopologySummary; topology: Topology } | null = null;
  private starting = false;

  constructor(private readonly ctx: TopologyViewContext) {}

  /** The opened topology's summary, or null. */
  summary(): TopologySummary | null {
    return this.opened?.summary ?? null;
  }

  /**
   * Parses and summarises an edge list; it becomes the opened topology (replacing any other) and
   * a `topology` event tells every renderer.
   * @throws EdgeListError naming `name` and the line of a bad line, or text without edges.
   */
  open({ name, text }: ParsedArgs<'openTopology'>): TopologySummary {
    const topology = parseEdgeList(text, name);
    const summary = summarizeTopology(name, topology);
    this.opened = { summary, topology };
    this.ctx.push({ kind: 'topology', summary });
    return summary;
  }

  /**
   * Starts the first `nodes` nodes of the opened topology (all by default) as local peers wired as
   * its edges say, then their gossip: every new peer, or `origins` of them chosen at random, each
   * starting at a random point within one gossip interval. Starts {@link TOPOLOGY_SEEDS} local
   * seeds first when the network has no seed.
   * @throws Error when nothing is opened, a start is in progress, `nodes` or `origins` exceed the
   *   topology, or the open-file limit cannot hold the peers (the message says by how much, and
   *   how many nodes would fit).
   */
  async start({ nodes, origins }: ParsedArgs<'startTopology'>): Promise<TopologyStart> {
    const opened = this.opened;
    if (!opened) throw new Error('open an edge list first');
    if (this.starting) throw new Error(`the peers of ${opened.summary.name} are still starting`);
    const n = opened.summary.nodes;
    const k = nodes ?? n;
    if (k > n) throw new Error(`node count ${k} is more than the ${n} nodes of ${opened.summary.name}`);
    if (origins !== undefined && origins > k) throw new Error(`origins (${origins}) must be at most the node count (${k})`);

    const { network } = this.ctx;
    const total = network.seedList().length;
    const seeds = total === 0 ? { total: TOPOLOGY_SEEDS, local: TOPOLOGY_SEEDS, toStart: TOPOLOGY_SEEDS } : { total, local: network.seeds().length, toStart: 0 };
    const budget = (this.ctx.fdBudget ?? currentFdBudget)();
    const verdict = checkTopologyFds(opened.topology, k, seeds, (m) => `a node count of ${m}`, budget);
    if (!verdict.ok) throw new Error(verdict.message);

    this.starting = true;
    try {
      const seedsStarted: string[] = [];
      for (let i = 0; i < seeds.toStart && !this.ctx.closed(); i++) seedsStarted.push(await network.addSeed());
      if (seedsStarted.length > 0) this.ctx.notice('info', `no seed was running: started ${seedsStarted.length} local seeds (${seedsStarted.join(', ')}) for ${opened.summary.name}`);
      const sub = firstNodes(opened.topology, k);
      const peers = this.ctx.closed() ? sub.ids.map(() => null) : await network.addPeersFromTopology(sub, { autoGossip: false });
      this.ctx.topologyChanged();
      const running = peers.flatMap((id) => {
        const node = id === null ? undefined : network.get(id);
        return node instanceof PeerNode && node.running ? [node] : [];
      });
      const random = unseededRandom();
      const gossiping = origins === undefined ? running : shuffle(running, random).slice(0, origins);
      for (const p of gossiping) p.startGossip(Math.floor(random.next() * network.timing.gossipIntervalMs));
      return {
        name: opened.summary.name,
        nodes: k,
        links: sub.edges.length,
        peers,
        failed: peers.filter((id) => id === null).length,
        origins: gossiping.map((p) => p.id),
        seedsStarted,
        fds: { need: verdict.need.total, inUse: budget.inUse, limit: budget.soft === Infinity ? null : budget.soft },
      };
    } finally {
      this.starting = false;
    }
  }
}
