/**
 * A run's faults and what they did: {@link ChaosPlan} says which faults a run injects and when
 * (loss and delay for the whole run, a partition healed after a while, a share of the peers
 * killed at once), {@link runChaos} applies it to any runtime, and {@link FaultWatch} measures
 * the outcome from the nodes' events and snapshots — detection time of each killed peer, false
 * dead reports, suspicions, how long seeds still list the dead, the number of components, and the
 * coverage of messages created after a moment. Used by `gossip-lab net` and the faults benchmark.
 */
import type { NodeEvent } from '../events';
import type { FaultRules, LinkFault } from '../net/faults';
import type { Random } from '../random';
import { shuffle } from '../random';
import type { RuntimeNode } from './runtime';
import { quantile } from './stats';

/** The faults of one run. Times in ms from the moment the plan starts. */
export interface ChaosPlan {
  /** Loss and delay of every frame, for the whole run. */
  network?: LinkFault;
  /** Split peers and seeds at random into two halves at `atMs`, healed `forMs` later. */
  partition?: { atMs: number; forMs: number };
  /** Kill this share (0–1) of the running peers at once at `atMs`. */
  churn?: { fraction: number; atMs: number };
}

/** What {@link runChaos} drives. */
export interface ChaosTarget {
  setFaults(rules: FaultRules): Promise<void>;
  killNode(id: string): Promise<void>;
  nodes(): Promise<RuntimeNode[]>;
}

/** What a plan did, with times on the `now` clock given to {@link runChaos}. */
export interface ChaosLog {
  /** Peers killed, and when. */
  killed: Array<{ id: string; at: number }>;
  /** When the partition began and ended (undefined: none). */
  partition?: { from: number; to: number; groups: string[][] };
}

/**
 * Applies `plan` to `target`: the loss/delay rules at once, then the partition and the kills at
 * their times. Resolves once the last scheduled step ran, or when `signal` aborts (what is
 * under way then is left as it is; the caller stops the network).
 */
export async function runChaos(target: ChaosTarget, plan: ChaosPlan, random: Random, now: () => number, signal?: AbortSignal): Promise<ChaosLog> {
  const log: ChaosLog = { killed: [] };
  const start = now();
  const base: FaultRules = plan.network ? { network: plan.network } : {};
  await target.setFaults(base);
  const steps: Array<{ at: number; run: () => Promise<void> }> = [];
  if (plan.partition) {
    const p = plan.partition;
    steps.push({
      at: p.atMs,
      run: async () => {
        const nodes = (await target.nodes()).filter((n) => n.running);
        const halves: string[][] = [[], []];
        for (const role of ['seed', 'peer'] as const) {
          shuffle(nodes.filter((n) => n.role === role).map((n) => n.id), random).forEach((id, i) => halves[i % 2]!.push(id));
        }
        await target.setFaults({ ...base, partition: halves });
        log.partition = { from: now(), to: Number.NaN, groups: halves };
      },
    });
    steps.push({
      at: p.atMs + p.forMs,
      run: async () => {
        await target.setFaults(base);
        if (log.partition) log.partition.to = now();
      },
    });
  }
  if (plan.churn) {
    const c = plan.churn;
    steps.push({
      at: c.atMs,
      run: async () => {
        const peers = (await target.nodes()).filter((n) => n.role === 'peer' && n.running).map((n) => n.id);
        const victims = shuffle(peers, random).slice(0, Math.round(peers.length * c.fraction));
        await Promise.all(
          victims.map(async (id) => {
            const at = now();
            await target.killNode(id).catch(() => {});
            log.killed.push({ id, at });
          }),
        );
      },
    });
  }
  steps.sort((a, b) => a.at - b.at);
  for (const step of steps) {
    const wait = start + step.at - now();
    if (wait > 0) await sleep(wait, signal);
    if (signal?.aborted) break;
    await step.run();
  }
  return log;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Quantiles of a sample, ms (null when empty). */
export interface Spread {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** p50/p99/max of `xs` (nearest rank). */
export function spread(xs: number[]): Spread {
  if (xs.length === 0) return { n: 0, p50: null, p99: null, max: null };
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: Math.round(quantile(s, 0.5)), p99: Math.round(quantile(s, 0.99)), max: Math.round(s.at(-1)!) };
}

/**
 * Watches a run's events for what faults did. Feed it every event ({@link record}) and tell it
 * which peers were killed when ({@link killed}); times are the nodes' clocks (ms since the epoch).
 */
export class FaultWatch {
  private readonly killedAt = new Map<string, number>();
  private readonly firstReport = new Map<string, number>();
  private readonly removals = new Map<string, Map<string, number>>();
  /** Reports about peers that were not killed (or not yet) when reported. */
  falseReports = 0;
  /** Peers named by a false report. */
  readonly falselyReported = new Set<string>();
  suspicions = 0;
  refuted = 0;
  private readonly generated = new Map<string, { origin: string; at: number }>();
  private readonly received = new Map<string, Set<string>>();
  /** Only messages created at or after this time are tracked for {@link coverageSince}. */
  private trackFrom = Infinity;

  /** Peers killed at a time (ms, the nodes' clock). */
  killed(id: string, at: number): void {
    this.killedAt.set(id, at);
  }

  /** Tracks the coverage of messages created from `at` on (ms, the nodes' clock). */
  trackMessagesFrom(at: number): void {
    this.trackFrom = at;
  }

  record(e: NodeEvent): void {
    switch (e.type) {
      case 'dead-node-reported': {
        const k = this.killedAt.get(e.dead);
        if (k === undefined || e.at < k) {
          this.falseReports++;
          this.falselyReported.add(e.dead);
        } else if (!this.firstReport.has(e.dead)) this.firstReport.set(e.dead, e.at);
        return;
      }
      case 'peer-removed':
        if (e.reason === 'dead') {
          let m = this.removals.get(e.peer);
          if (!m) this.removals.set(e.peer, (m = new Map()));
          if (!m.has(e.node)) m.set(e.node, e.at);
        }
        return;
      case 'suspect':
        this.suspicions++;
        return;
      case 'suspicion-refuted':
        this.refuted++;
        return;
      case 'gossip-generated':
        if (e.at >= this.trackFrom) this.generated.set(e.id, { origin: e.node, at: e.at });
        return;
      case 'gossip-received': {
        // events of different shards arrive in any order: a receipt may come before its message's
        // creation, so every receipt since tracking began is kept (the run is bounded)
        if (e.at < this.trackFrom) return;
        let got = this.received.get(e.id);
        if (!got) this.received.set(e.id, (got = new Set()));
        got.add(e.node);
        return;
      }
      default:
    }
  }

  /** Kill → first dead-node report about it, per killed peer that was reported, ms. */
  detectionTimes(): number[] {
    return [...this.firstReport].map(([id, at]) => at - this.killedAt.get(id)!);
  }

  /** When the last killed peer was first reported (ms, the nodes' clock); undefined: none was. */
  lastFirstReport(): number | undefined {
    return this.firstReport.size ? Math.max(...this.firstReport.values()) : undefined;
  }

  /** Killed peers no neighbour reported (yet). */
  undetected(): string[] {
    return [...this.killedAt.keys()].filter((id) => !this.firstReport.has(id));
  }

  /** Kill → removal by the last seed that removed it, per killed peer some seed removed, ms. */
  removalTimes(): number[] {
    const out: number[] = [];
    for (const [id, k] of this.killedAt) {
      const m = this.removals.get(id);
      if (m && m.size > 0) out.push(Math.max(...m.values()) - k);
    }
    return out;
  }

  /**
   * Coverage of each tracked message among `live` peers (origin included), for messages whose
   * origin is still live.
   */
  coverageSince(live: ReadonlySet<string>): number[] {
    const out: number[] = [];
    for (const [id, g] of this.generated) {
      if (!live.has(g.origin)) continue;
      const got = this.received.get(id) ?? new Set<string>();
      let k = 1;
      for (const p of got) if (p !== g.origin && live.has(p)) k++;
      out.push(k / live.size);
    }
    return out;
  }
}

/** The connected components among the running peers of `nodes` (links between running peers). */
export function componentCount(nodes: readonly RuntimeNode[]): number {
  const ids = nodes.filter((n) => n.role === 'peer' && n.running).map((n) => n.id);
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const n of nodes) {
    if (!parent.has(n.id)) continue;
    for (const q of n.neighbours) if (parent.has(q)) parent.set(find(n.id), find(q));
  }
  return new Set(ids.map(find)).size;
}

/** Killed peers (of `killed`) that a running seed of `nodes` still lists. */
export function listedDead(nodes: readonly RuntimeNode[], killed: ReadonlySet<string>): number {
  let k = 0;
  for (const n of nodes) if (n.role === 'seed' && n.running) for (const p of n.neighbours) if (killed.has(p)) k++;
  return k;
}
