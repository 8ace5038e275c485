/**
 * The session's opened edge list: the topology's summary as the UI shows it (size, degree
 * distribution, power-law fit) to compare with the live network, and starting real peers wired
 * as it says — after checking that the process's open-file limit can hold them
 * (core/runtime/fdBudget.ts). The subgraph of the first K nodes is core's `firstNodes`.
 */
import type { Topology } from '../core/topology/edgeList';
import { firstNodes, parseEdgeList, topologyDegrees } from '../core/topology/edgeList';
import type { ParsedArgs, TopologyStart, TopologySummary, UiEvent } from '../shared/types';
import { degreeReport } from './degreeReport';
import type { FdBudget } from '../core/runtime/fdBudget';
import { checkShardedTopologyFds } from '../core/runtime/fdBudget';
import type { Runtime } from '../core/runtime/runtime';
import type { Task, TaskBoard } from './tasks';

/** Local seeds `startTopology` starts when the network has none. */
export const TOPOLOGY_SEEDS = 3;

/**
 * What the UI shows of a topology: nodes, links, each node's degree, the degree histogram, the
 * CCDF of the positive degrees and the power-law fit.
 */
export function summarizeTopology(name: string, t: Topology): TopologySummary {
  const { degrees, fit, histogram, ccdf, fitLine } = degreeReport(topologyDegrees(t));
  return { name, nodes: t.ids.length, links: t.edges.length, degrees, histogram, ccdf, fit, fitLine };
}

/** What a {@link TopologyView} needs from its session. */
export interface TopologyViewContext {
  /** The runtime that runs the nodes (started when there is none). */
  runtime: () => Promise<Runtime>;
  /** The seeds new peers register with: all of them (local and remote), and the local ones running. */
  seeds: () => { total: number; local: number };
  /** Queues a UI event. */
  push: (e: UiEvent) => void;
  notice: (level: 'info' | 'error', text: string) => void;
  /** Peers joined: the degree report should be recomputed. */
  topologyChanged: () => void;
  /** True once the session is closing. */
  closed: () => boolean;
  /** The open-file budget of each process that runs nodes (default: the runtime's, read at each start). */
  fdBudget?: () => FdBudget;
  /** Where a start is tracked as a task (progress, cancel); without one it cannot be canceled. */
  tasks?: TaskBoard;
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
   * seeds first when the network has no seed. Runs as a `startTopology` task: progress as peers
   * join, and `cancelTask` stops starting more (the peers that joined stay, and gossip).
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

    const network = await this.ctx.runtime();
    const { total, local } = this.ctx.seeds();
    const seeds = total === 0 ? { total: TOPOLOGY_SEEDS, local: TOPOLOGY_SEEDS, toStart: TOPOLOGY_SEEDS } : { total, local, toStart: 0 };
    const given = this.ctx.fdBudget;
    const budgets = given ? Array.from({ length: Math.max(1, network.shardCount) }, () => given()) : await network.fdBudgets();
    const verdict = checkShardedTopologyFds(opened.topology, k, seeds, (m) => `a node count of ${m}`, budgets);
    if (!verdict.ok) throw new Error(verdict.message);
    const budget = verdict.budget;

    this.starting = true;
    const name = opened.summary.name;
    const task = this.startTask(`Starting ${k} peer${k === 1 ? '' : 's'} of ${name}`, k);
    let tried = 0;
    let joinedSoFar = 0;
    try {
      const seedsStarted: string[] = [];
      for (let i = 0; i < seeds.toStart && !this.ctx.closed() && !task?.signal.aborted; i++) seedsStarted.push(await network.addSeed());
      if (seedsStarted.length > 0) this.ctx.notice('info', `no seed was running: started ${seedsStarted.length} local seeds (${seedsStarted.join(', ')}) for ${name}`);
      const sub = firstNodes(opened.topology, k);
      const onPeer = (id: string | null): void => {
        tried++;
        if (id !== null) joinedSoFar++;
        task?.step(tried, `Starting ${k} peers of ${name}: ${joinedSoFar} joined`);
      };
      const skip = this.ctx.closed() || task?.signal.aborted === true;
      const peers = skip ? sub.ids.map(() => null) : await network.addPeersFromTopology(sub, { signal: task?.signal, onPeer });
      this.ctx.topologyChanged();
      const joined = peers.filter((id): id is string => id !== null);
      const gossiping = this.ctx.closed() || joined.length === 0 ? [] : await network.startGossip({ among: joined, ...(origins !== undefined ? { origins } : {}) });
      const canceled = task?.canceled === true && joined.length < k;
      // tried: every join attempt (a peer that could not listen is not counted)
      const failed = canceled ? Math.max(0, tried - joined.length) : peers.filter((id) => id === null).length;
      const notStarted = canceled ? k - joined.length - failed : 0;
      if (canceled) {
        task?.finish('canceled', `Canceled: ${joined.length} of ${k} peers of ${name} started and keep running; ${notStarted} not started`, tried);
        this.ctx.notice('info', `starting ${name} canceled: ${joined.length} of ${k} peers started and keep running (Stop all removes them); ${notStarted} not started`);
      } else task?.finish('done', `Started ${joined.length} of ${k} peers of ${name}${failed > 0 ? `, ${failed} failed` : ''}`, k);
      return {
        name,
        nodes: k,
        links: sub.edges.length,
        peers,
        failed,
        canceled,
        notStarted,
        origins: gossiping,
        seedsStarted,
        fds: { need: verdict.need.total, inUse: budget.inUse, limit: budget.soft === Infinity ? null : budget.soft },
      };
    } catch (e) {
      task?.finish('failed', `Starting ${name} failed: ${e instanceof Error ? e.message : String(e)}`, tried);
      throw e;
    } finally {
      this.starting = false;
    }
  }

  /** A `startTopology` task on the session's board (none without one). */
  private startTask(label: string, total: number): Task | undefined {
    return this.ctx.tasks?.start('startTopology', label, total);
  }
}
