/**
 * How a {@link LabSession} runs — every option, its unit and default — and the constants the
 * session's defaults come from. Kept apart from ./session.ts so the session is its behaviour only.
 */
import type { Clock } from '../core/clock';
import type { FdBudget } from '../core/runtime/fdBudget';
import type { NetworkOptions } from '../core/runtime/network';
import type { ShardEntry } from '../core/runtime/shard/entry';
import type { SaveTarget } from './exportDegrees';
import type { RecordingsOptions } from './recordings';

/** How a {@link LabSession} runs. Times in ms. */
export interface LabSessionOptions {
  /** Options of the network's nodes (timing, random seed, limits; loggers in-process only). */
  network?: NetworkOptions;
  /**
   * Shard processes that run the nodes (0: in this process). Default: the machine's available
   * parallelism. The `setShards` command changes it.
   */
  shards?: number;
  /** The script shards run (default: `shardEntry.ts` with tsx from the sources, `shard.js` beside a build). */
  shardEntry?: ShardEntry;
  /** Gossip receipts each shard forwards one by one per batch; the rest are counted (default: its share of {@link RECEIPT_SAMPLE}). */
  receiptSample?: number;
  /** Niceness added to the shard processes (default {@link SHARD_NICENESS}). */
  shardNiceness?: number;
  /** Where `exportDegrees` saves; without one that command answers an error. */
  saveTarget?: SaveTarget;
  /** Where runs are recorded (./recordings.ts); without one, nothing is recorded and the recording commands answer an error. */
  recordingsDir?: string;
  /** Size limit, keyframe interval and initial on/off of the recordings (defaults: shared/recording.ts; on). */
  recording?: Pick<RecordingsOptions, 'maxBytes' | 'keyframeIntervalMs' | 'on'>;
  /** Least time between two event batches (default {@link BATCH_INTERVAL_MS}). */
  batchIntervalMs?: number;
  /** Least time between two `degrees` events (default 500). */
  degreesIntervalMs?: number;
  /** How often the host's load and the gossip `traffic` rates are reported, ms (default 1000). */
  loadIntervalMs?: number;
  /** Most `gossip` animation events per second; more are dropped (default 2000). */
  gossipEventsPerSecond?: number;
  /** Remote observation: pause between two rounds (default 1000). */
  observerIntervalMs?: number;
  /** Remote observation: time for one remote node's answer, connect included (default 2000). */
  observerTimeoutMs?: number;
  /** Remote observation: peers queried at once (default 8). */
  observerConcurrency?: number;
  /** How long `connectRemoteSeed` waits for the seed's peer list (default 3000). */
  remoteConnectTimeoutMs?: number;
  /** Window within which a repeated notice (same key, or same text) counts on its first entry instead of a new one (default 10 000). */
  noticeCooldownMs?: number;
  /** Least time a peer reported dead stays drawn dead before it is removed (default topology.ts's DEAD_HOLD_MS, 5000). */
  deadHoldMs?: number;
  /** The open-file limit and use `startTopology` checks against, per process that runs nodes (default: each one's own, read then). */
  fdBudget?: () => FdBudget;
  clock?: Clock;
}

/**
 * Gossip receipts all shards together forward one by one per 50 ms batch (each shard its share,
 * at least 5; the rest they count): about 20 × 50 = 1,000 receipt events a second reach the
 * session, whatever the rate — at 1,000 peers and the default rates the network makes about
 * 200,000 a second. The counts keep every message's `reached` exact; the animation (itself
 * capped at 2,000 a second) and a message's replay use the sampled ones.
 */
export const RECEIPT_SAMPLE = 50;

/**
 * Niceness added to the app's shard processes: the lowest priority (19), so that when the nodes
 * want more CPU than the machine has, the session — the process the user looks at — still runs on
 * time and the network runs late instead. (On 2 cores at 100 peers the session's loop p99 was
 * 38 ms with 19 and 53 ms with 10; bench/ui.ts.)
 */
export const SHARD_NICENESS = 19;
