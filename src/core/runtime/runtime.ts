/**
 * What hosts a network's nodes for the app's session: one async interface with two
 * implementations — {@link LocalRuntime} (every node in this process, a {@link NetworkHost}) and
 * `ShardedNetwork` (the nodes in K child processes, real TCP between them). The session uses this
 * interface only, so it runs the same over either.
 */
import type { EventListener } from '../events';
import type { Limits } from '../net/limits';
import type { PeerTiming } from '../peer/options';
import type { Addr } from '../protocol/addr';
import type { PeerEntry } from '../protocol/messages';
import type { Topology } from '../topology/edgeList';
import type { FdBudget } from './fdBudget';
import type { TopologyStartOptions } from './network';
import type { FaultRules } from '../net/faults';
import type { DetectorKind, SwimSettings } from '../peer/swim';

/** The limits that can cross a process boundary: every numeric bound (the transport is rebuilt from the key). */
export type NumericLimits = Partial<Omit<Limits, 'transport'>>;

/** One node as its runtime sees it now. */
export interface RuntimeNode {
  id: string;
  role: 'seed' | 'peer';
  running: boolean;
  /** A peer's neighbours (address keys); a seed's listed peers. */
  neighbours: string[];
  /** A seed's peer list with degrees. */
  listed?: PeerEntry[];
  /** A peer's seeds (address keys: the seeds of its seed list). */
  seeds?: string[];
  /** A peer's Message List size and the copies it dropped. */
  messages?: number;
  duplicates?: number;
}

/** The live details of one node, for the inspector. */
export interface RuntimeNodeDetails extends RuntimeNode {
  /** Consecutive missed liveness replies per neighbour (running peers). */
  livenessMisses: Record<string, number>;
  /** A peer's failure detector. */
  detector?: DetectorKind;
  /** The neighbours a swim peer suspects now. */
  suspects?: string[];
}

/** The failure detector of peers started from now on. */
export interface DetectorChoice {
  detector: DetectorKind;
  swim?: Partial<SwimSettings>;
}

/** Why a shard process ended (see `ShardedNetwork.onShardExit`). */
export interface ShardExit {
  shard: number;
  /** Exit code or signal; `expected` when the network was stopping. */
  code: number | null;
  signal: NodeJS.Signals | null;
  expected: boolean;
  /** The nodes it held. */
  nodes: string[];
}

/** How late the processes that run the nodes are (a sharded runtime's shards). */
export interface RuntimeLoad {
  /** The worst shard's event-loop delay, 99th percentile over its last reading, ms. */
  loopDelayP99Ms: number;
  /** The busiest shard's event-loop utilisation, 0..1. */
  utilization: number;
}

/** How {@link Runtime.addPeers} runs. */
export interface RuntimeAddPeersOptions {
  /** Start gossiping as soon as each peer has joined (default true). */
  autoGossip?: boolean;
  /** Stops starting peers (before the next one, or the next round) when it aborts. */
  signal?: AbortSignal;
  /** Called after each peer's join: its id, or null when it failed. */
  onPeer?: (id: string | null) => void;
}

/** Where the nodes of a network run, as the session drives them. */
export interface Runtime {
  /** Shard processes (0: in this process). */
  readonly shardCount: number;
  /** Subscribes to every node's events; returns the unsubscribe. */
  on(listener: EventListener): () => void;
  /**
   * Subscribes to the gossip receipts that were counted but not forwarded as events: per message
   * id, how many first receipts, and `frames`: how many frames those receipts forwarded (their
   * `forwarded` summed). Never called by an in-process runtime (it forwards every one).
   */
  onReceiptCounts(listener: (counts: Array<[id: string, count: number]>, frames: number) => void): () => void;
  /** Subscribes to shard exits (never for an in-process runtime). */
  onShardExit(listener: (e: ShardExit) => void): () => void;
  /** The shards' latest load (null: in process, or no reading yet). */
  load(): RuntimeLoad | null;
  /** Shards running now (0 for an in-process runtime). */
  liveShards(): number;

  /** Starts a seed; its id. @throws Error when it cannot listen. */
  addSeed(port?: number, host?: string): Promise<string>;
  /**
   * Starts `count` peers that join one after another (in a sharded runtime: in rounds of one
   * peer per shard), calling `onPeer` after each. @returns the ids that joined.
   * @throws Error when there is no seed.
   */
  addPeers(count: number, options?: RuntimeAddPeersOptions): Promise<string[]>;
  /**
   * Starts one peer per node of `topology`, wired as its edges say, without gossip; ids by node
   * index (null: failed, or not started because `options.signal` aborted).
   */
  addPeersFromTopology(topology: Topology, options?: TopologyStartOptions): Promise<Array<string | null>>;
  /**
   * Starts gossip at the running peers among `among` (default: every running peer), or at
   * `origins` of them chosen at random, each first message within one gossip interval.
   * @returns the ids of the peers that create messages.
   */
  startGossip(options?: { among?: string[]; origins?: number }): Promise<string[]>;
  stopGossip(): Promise<void>;
  /** Stops a node gracefully. @throws Error for an unknown id. */
  stopNode(id: string): Promise<void>;
  /** Crashes a node (no goodbye). @throws Error for an unknown id. */
  killNode(id: string): Promise<void>;
  /** Stops every node gracefully (ends an addPeers in progress); the runtime stays usable. */
  stopNodes(): Promise<void>;
  /** Stops every node (killing what is left after `graceMs`) and ends the runtime's processes. */
  close(graceMs?: number): Promise<void>;

  /** Adds a seed that runs elsewhere to the seed list of peers started from now on. */
  addRemoteSeed(addr: Addr): Promise<void>;
  /** Takes a remote seed off the seed list of peers started from now on (peers running keep theirs). */
  removeRemoteSeed(addr: Addr): Promise<void>;
  /** The timing of peers started from now on. */
  setTiming(timing: PeerTiming): Promise<void>;
  /**
   * The limits and network key (its bytes; undefined: the open network) of nodes started from
   * now on; nodes already running keep theirs.
   */
  setLimits(limits: NumericLimits, networkKey: Buffer | undefined): Promise<void>;

  /** The failure detector of peers started from now on. */
  setDetector(choice: DetectorChoice): Promise<void>;
  /**
   * Replaces the injected faults (loss, delay, partition) of every node, everywhere.
   * @throws Error when the rules are out of range, or the runtime was built without faults.
   */
  setFaults(rules: FaultRules): Promise<void>;
  /**
   * Pauses a node for `ms` (it stops reading, sending and running timers, as in a long GC pause).
   * @throws Error for an unknown id, or when the runtime was built without faults.
   */
  pauseNode(id: string, ms: number): Promise<void>;

  /** Every node created, running or not. */
  nodes(): Promise<RuntimeNode[]>;
  /** One node's live details; undefined when no running part of the runtime has it. */
  inspect(id: string): Promise<RuntimeNodeDetails | undefined>;
  /** The open-file budget of each process that holds nodes. */
  fdBudgets(): Promise<FdBudget[]>;
}

/** The links among running peers of `nodes`, each once, as sorted `[a, b]` pairs. */
export function linksOf(nodes: readonly RuntimeNode[]): Array<[string, string]> {
  const running = new Set(nodes.filter((n) => n.role === 'peer' && n.running).map((n) => n.id));
  const out = new Map<string, [string, string]>();
  for (const n of nodes) {
    if (!running.has(n.id)) continue;
    for (const q of n.neighbours) {
      if (!running.has(q)) continue;
      const link: [string, string] = n.id < q ? [n.id, q] : [q, n.id];
      out.set(`${link[0]} ${link[1]}`, link);
    }
  }
  return [...out.values()];
}
