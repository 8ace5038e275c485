/**
 * The typed channel between a sharded network's parent and its shard processes (Node's IPC
 * channel of `child_process.fork`, structured-clone serialisation). The parent sends requests,
 * each with an id; a shard answers each with a reply carrying the same id, and streams its nodes'
 * events in batches. One module, imported by both sides, so they cannot drift apart.
 */
import type { NodeEvent } from '../../events';
import type { PeerTiming } from '../../peer/options';
import type { Addr } from '../../protocol/addr';
import type { FdBudget } from '../fdBudget';
import type { LatencyBuckets } from '../latency';
import type { DetectorChoice, NumericLimits, RuntimeNode, RuntimeNodeDetails } from '../runtime';
import type { FaultRules } from '../../net/faults';

/** How often a shard reports its load (a `load` message), ms. */
export const SHARD_LOAD_REPORT_MS = 1000;

/** The limits a shard can be sent: every numeric bound (the transport is rebuilt from the key). */
export type ShardLimits = NumericLimits;

/** How a shard starts. */
export interface ShardInit {
  /** This shard's index, 0 … K − 1. */
  shard: number;
  /** Address its nodes listen on. */
  host: string;
  timing: PeerTiming;
  /** The run's random seed; the shard derives its own from it and its index. */
  randomSeed?: number;
  limits: ShardLimits;
  /** The network key's bytes in hex (a shard builds its TLS-PSK transport from it), if any. */
  networkKeyHex?: string;
  /** Gossip receipts forwarded as events per batch at most (the rest are only counted), ≥ 0. */
  receiptSample: number;
  /** Time between event batches, ms. */
  batchMs: number;
  /** A file this shard appends its nodes' log lines to. */
  logFile?: string;
  /** Build nodes with fault injection (see net/faults.ts). */
  faults?: boolean;
  /** The failure detector of new peers. */
  detector?: DetectorChoice;
}

/** Everything a shard is asked, by `op`, with the result it answers. */
export interface ShardOps {
  init: { args: { init: ShardInit }; result: { pid: number } };
  /** Starts a seed here. */
  'add-seed': { args: { port: number; host?: string }; result: string };
  /** The network's seed list for peers started from now on (seeds of every shard, and remote ones). */
  'set-seeds': { args: { seeds: Addr[] }; result: null };
  /** Starts `count` peers one after another (preferential attachment); the ids that joined. */
  'add-peers': { args: { count: number; autoGossip: boolean; host?: string }; result: string[] };
  /** Creates `count` peers that listen but do not join yet (an edge-list topology): their addresses. */
  'topology-listen': { args: { count: number; host?: string }; result: Array<Addr | null> };
  /** Joins the peers of `topology-listen`, peer i dialling `neighbours[i]`; their ids (null: failed). */
  'topology-join': { args: { neighbours: Addr[][]; concurrency: number }; result: Array<string | null> };
  /** Ends a `topology-listen` / `topology-join` in progress: joined peers stay, the ones only listening stop. */
  'topology-cancel': { args: Record<string, never>; result: null };
  /** Starts the gossip of the given local peers, each after its delay, ms. */
  'start-gossip': { args: { origins: Array<{ id: string; delayMs: number }> }; result: null };
  'stop-gossip': { args: Record<string, never>; result: null };
  /** (A node is named `node`: `id` is the request's.) */
  'stop-node': { args: { node: string }; result: null };
  'kill-node': { args: { node: string }; result: null };
  /** What the shard's nodes look like now. */
  snapshot: { args: Record<string, never>; result: ShardSnapshot };
  /** The gossip measured here. */
  stats: { args: Record<string, never>; result: ShardStatsReport };
  /** Stops every node gracefully; the shard then exits. */
  'stop-all': { args: Record<string, never>; result: null };
  /** Stops every node gracefully; the shard stays, for nodes started later. */
  'stop-nodes': { args: Record<string, never>; result: null };
  /** The timing of peers started from now on. */
  'set-timing': { args: { timing: PeerTiming }; result: null };
  /** The failure detector of peers started from now on. */
  'set-detector': { args: { choice: DetectorChoice }; result: null };
  /** The injected faults of every node here (the same rules go to every shard). */
  'set-faults': { args: { rules: FaultRules }; result: null };
  /** Pauses one node here for `ms`. */
  'pause-node': { args: { node: string; ms: number }; result: null };
  /** The limits and network key (hex; null: the open network) of nodes started from now on. */
  'set-limits': { args: { limits: ShardLimits; networkKeyHex: string | null }; result: null };
  /** One node's live details (null: not here). */
  inspect: { args: { node: string }; result: RuntimeNodeDetails | null };
  /** This process's open-file limits and use. */
  'fd-budget': { args: Record<string, never>; result: FdBudget };
}

/** The name of a shard operation. */
export type ShardOp = keyof ShardOps;

/** A request as sent to a shard. */
export type ShardRequest = { [K in ShardOp]: { id: number; op: K } & ShardOps[K]['args'] }[ShardOp];

/** What a shard sends to its parent. */
export type ShardMessage =
  | { t: 'reply'; id: number; ok: true; result: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  /**
   * Events of this shard's nodes since the last batch. Gossip receipts beyond the batch's sample
   * are not sent one by one: `receiptCounts` gives, per message id, how many first receipts
   * there were besides the ones in `events`, and `countedFrames` how many frames those receipts
   * forwarded (their `forwarded` summed; absent: 0).
   */
  | { t: 'events'; events: NodeEvent[]; receiptCounts: Array<[id: string, count: number]>; countedFrames?: number }
  /** The shard's own event-loop delay (p99, ms) and utilisation (0..1) over the last second. */
  | { t: 'load'; loopDelayP99Ms: number; utilization: number };

/** One node as a snapshot shows it. */
export type ShardNode = RuntimeNode;

/** A shard's nodes. */
export interface ShardSnapshot {
  nodes: ShardNode[];
}

/** One message as a shard measured it. */
export interface ShardMessageStats {
  id: string;
  origin: string;
  /** Set by the origin's shard only. */
  createdAt?: number;
  text?: string;
  /** First receipts at this shard's peers. */
  received: number;
  /** Of those, at peers still running when the report was made. */
  liveReceived: number;
  /** Frames sent for it by this shard's peers (the origin's included). */
  transmissions: number;
  repeatedFirstReceipts: number;
}

/** A shard's gossip measurements. */
export interface ShardStatsReport {
  messages: ShardMessageStats[];
  latency: LatencyBuckets;
  /** ms since this shard's last first receipt (Infinity: none yet). */
  sinceLastReceiptMs: number;
}
