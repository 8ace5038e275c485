/**
 * The one owner of the app's injected faults: the {@link FaultRules} in force (loss, delay ±
 * jitter per network, node and link; a partition) and the nodes paused now. A `setFaults`
 * command is a {@link FaultChange}: {@link nextRules} folds it into the rules, core's
 * {@link checkFaultRules} checks the result, and only then does the runtime get it — so a bad
 * change leaves the network as it was. A runtime started later gets the rules in force.
 */
import type { Clock, TimerHandle } from '../core/clock';
import type { FaultRules, LinkFault } from '../core/net/faults';
import { checkFaultRules } from '../core/net/faults';
import type { Runtime } from '../core/runtime/runtime';
import type { FaultChange, FaultState, UiEvent, UiNode } from '../shared/types';

/** What the board needs from the session. */
export interface FaultBoardContext {
  clock: Clock;
  /** The runtime running now, if any (rules are kept and given to the next one otherwise). */
  runtime(): Runtime | undefined;
  /** The node with this id as the UI knows it. */
  node(id: string): UiNode | undefined;
  /** Every node as the UI knows it, in the order they appeared. */
  nodes(): UiNode[];
  /** True when `id` is a local node that runs now. */
  isRunningLocal(id: string): boolean;
  /** Queues a UI event. */
  push(e: UiEvent): void;
}

/** The injected faults of one session, and its paused nodes. */
export class FaultBoard {
  private rules: FaultRules = {};
  private readonly paused = new Map<string, { until: number; timer: TimerHandle }>();

  constructor(private readonly ctx: FaultBoardContext) {}

  /** The faults in force now (copies). */
  state(): FaultState {
    return { rules: structuredClone(this.rules), paused: [...this.paused].map(([id, p]) => ({ id, until: p.until })) };
  }

  /**
   * Applies one change to the rules and gives the result to the running network.
   * @throws Error in words when a node is unknown, a partition is impossible, or a value is out of range.
   */
  async change(change: FaultChange): Promise<FaultState> {
    const next = nextRules(this.rules, change, {
      known: (id) => this.ctx.node(id) !== undefined,
      halves: () => splitHalves(this.ctx.nodes().filter((n) => n.origin === 'local' && this.ctx.isRunningLocal(n.id))),
    });
    const why = checkFaultRules(next);
    if (why) throw new Error(why);
    await this.ctx.runtime()?.setFaults(next);
    this.rules = next;
    return this.pushState();
  }

  /**
   * Pauses local running nodes for `seconds` (each stops reading, sending and running timers).
   * @throws Error naming the first node that is not a local running node; none is paused then.
   */
  async pause(ids: readonly string[], seconds: number): Promise<{ paused: string[] }> {
    const unique = [...new Set(ids)];
    const rt = this.ctx.runtime();
    for (const id of unique) {
      if (!rt || !this.ctx.isRunningLocal(id)) throw new Error(`cannot pause ${id}: only local nodes that run can be paused`);
    }
    const ms = Math.round(seconds * 1000);
    for (const id of unique) {
      await rt!.pauseNode(id, ms);
      const old = this.paused.get(id);
      const until = this.ctx.clock.now() + ms;
      if (old && old.until >= until) continue;
      if (old) this.ctx.clock.clearTimeout(old.timer);
      const timer = this.ctx.clock.setTimeout(() => {
        this.paused.delete(id);
        this.pushState();
      }, ms);
      this.paused.set(id, { until, timer });
    }
    this.pushState();
    return { paused: unique };
  }

  /** Gives the rules in force to a runtime that just started (nothing when there are none). */
  async applyTo(rt: Runtime): Promise<void> {
    if (Object.keys(this.rules).length > 0) await rt.setFaults(this.rules);
  }

  /** The network is empty: rules that name nodes go (the network-wide fault stays), pauses end. */
  forgetNodes(): void {
    const network = this.rules.network;
    this.rules = network ? { network } : {};
    this.stopPauses();
    this.pushState();
  }

  /** Cancels the pause timers (the session closes). */
  close(): void {
    this.stopPauses();
  }

  private stopPauses(): void {
    for (const p of this.paused.values()) this.ctx.clock.clearTimeout(p.timer);
    this.paused.clear();
  }

  private pushState(): FaultState {
    const faults = this.state();
    this.ctx.push({ kind: 'faults', faults });
    return faults;
  }
}

/** What {@link nextRules} asks about the network. */
export interface RulesLookup {
  /** True when the UI knows node `id`. */
  known(id: string): boolean;
  /** The running local nodes split in two groups (for `partition: 'halves'`). */
  halves(): string[][];
}

/**
 * The rules after `change` (a new object; `rules` is not changed). A fault whose every field is 0
 * or absent removes that scope's fault.
 * @throws Error in words for an unknown node, a node in two groups, a link to itself, or too few nodes to split.
 */
export function nextRules(rules: FaultRules, change: FaultChange, lookup: RulesLookup): FaultRules {
  const next = structuredClone(rules);
  const need = (id: string): void => {
    if (!lookup.known(id)) throw new Error(`no node ${id} in this network`);
  };
  switch (change.scope) {
    case 'network': {
      const f = cleanFault(change.fault);
      if (f) next.network = f;
      else delete next.network;
      break;
    }
    case 'nodes': {
      const nodes = { ...next.nodes };
      for (const id of change.ids) {
        need(id);
        const f = cleanFault(change.fault);
        if (f) nodes[id] = f;
        else delete nodes[id];
      }
      if (Object.keys(nodes).length > 0) next.nodes = nodes;
      else delete next.nodes;
      break;
    }
    case 'link': {
      need(change.a);
      need(change.b);
      if (change.a === change.b) throw new Error('a link needs two different nodes');
      const same = (l: { a: string; b: string }): boolean => (l.a === change.a && l.b === change.b) || (l.a === change.b && l.b === change.a);
      const links = (next.links ?? []).filter((l) => !same(l));
      const f = cleanFault(change.fault);
      if (f) links.push({ a: change.a, b: change.b, ...f });
      if (links.length > 0) next.links = links;
      else delete next.links;
      break;
    }
    case 'partition': {
      const groups = change.groups === 'halves' ? lookup.halves() : change.groups;
      if (groups.filter((g) => g.length > 0).length < 2) throw new Error('a partition needs at least two running local nodes, one on each side');
      const seen = new Set<string>();
      for (const g of groups) {
        for (const id of g) {
          need(id);
          if (seen.has(id)) throw new Error(`${id} is in two partition groups`);
          seen.add(id);
        }
      }
      next.partition = groups.map((g) => [...g]);
      break;
    }
    case 'heal':
      delete next.partition;
      break;
    case 'clear':
      return {};
  }
  return next;
}

/** The fault without its zero fields; undefined when nothing is left. */
function cleanFault(f: LinkFault): LinkFault | undefined {
  const out: LinkFault = {};
  if (f.loss !== undefined && f.loss > 0) out.loss = f.loss;
  if (f.delayMs !== undefined && f.delayMs > 0) out.delayMs = f.delayMs;
  if (f.jitterMs !== undefined && f.jitterMs > 0) out.jitterMs = f.jitterMs;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Two halves of `nodes`: the seeds split evenly, then the peers, each in the order they appeared,
 * so that each side keeps a seed when there are two or more.
 */
export function splitHalves(nodes: readonly UiNode[]): string[][] {
  const halves: string[][] = [[], []];
  for (const role of ['seed', 'peer'] as const) {
    const ids = nodes.filter((n) => n.role === role).map((n) => n.id);
    const cut = Math.ceil(ids.length / 2);
    // the side with fewer nodes so far takes the larger share
    const [first, second] = halves[0]!.length <= halves[1]!.length ? [halves[0]!, halves[1]!] : [halves[1]!, halves[0]!];
    first.push(...ids.slice(0, cut));
    second.push(...ids.slice(cut));
  }
  return halves;
}
