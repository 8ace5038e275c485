/** Bounds every connection obeys. All times in ms, sizes in bytes. */
import { MAX_FRAME_BYTES } from '../protocol/frame';
import type { Transport } from './transport';
import type { FaultPoint } from './faults';

/** Size and time limits of one node's connections. */
export interface Limits {
  /** Largest frame payload accepted or sent, bytes. */
  frameBytes: number;
  /** A partial frame, or an inbound connection's first message, must complete within this, ms. */
  frameTimeoutMs: number;
  /** How long a request waits for its answer, ms. */
  requestTimeoutMs: number;
  /** How long a dial waits for the TCP handshake, ms. */
  connectTimeoutMs: number;
  /** Unsent bytes queued on one socket before it is dropped as a slow consumer. */
  maxWriteBufferBytes: number;
  /** Inbound connections a node holds open at once; more are answered `busy` and closed. */
  maxConnections: number;
  /**
   * A peer closes its connection to a seed after this long without a request, ms, and dials
   * again when it next needs the seed: a joined peer rarely talks to its seeds, and an idle
   * connection costs both ends a socket (and the seed one of its `maxConnections`).
   */
  seedIdleMs: number;
  /**
   * An inbound connection that is not a neighbour link (links are watched by liveness) is closed
   * after this long without a valid message, ms: idle connections cannot lock honest nodes out.
   */
  idleTimeoutMs: number;
  /** Inbound connections open at once from one source IP; more are answered `busy` and closed. */
  maxConnectionsPerIp: number;
  /** Peers one seed lists at most; a registration beyond it is answered `busy`. */
  maxPeers: number;
  /** Peers registered at one seed from one source IP at most; more are answered `busy`. */
  maxRegistrationsPerIp: number;
  /** Reachability checks (a dial back to a claimed address) one node runs at once; more are answered `busy`. */
  maxPendingChecks: number;
  /** Neighbours one peer keeps at most; a `peer-hello` beyond it is rejected (`full`). */
  maxNeighbours: number;
  /** Candidates a joining peer dials at most before it gives up on reaching m neighbours. */
  maxJoinDials: number;
  /**
   * How long a peer keeps a message in its Message List at least, ms (the seen-cache TTL of
   * gossipsub). A message created longer ago than this is dropped as stale, so an expired entry
   * can never be replayed; a message stamped more than this in the future is dropped too.
   */
  messageTtlMs: number;
  /** Messages one origin may have in flight at once (token-bucket burst) before it is throttled. */
  originBurst: number;
  /** New messages per second one origin may sustain (token-bucket rate). */
  originRatePerSec: number;
  /** Origins a peer keeps a rate bucket for (least recently seen evicted first). */
  maxOrigins: number;
  /**
   * Origins one neighbour may introduce (origins this peer has no bucket for) per second, after a
   * burst of `maxOrigins`: a neighbour that makes up a new origin for every message is throttled
   * and struck like one that floods with one origin.
   */
  newOriginsPerSec: number;
  /** Throttled messages a neighbour may forward before its link is cut (`rate-limited`). */
  throttleStrikes: number;
  /**
   * How often a joined peer re-checks its registration at each seed, ms: a seed that dropped it
   * while it was alive gets it back within this time.
   */
  registrationCheckMs: number;
  /**
   * A seed's lease on a registration, ms: a peer not heard from (registration, degree update or
   * check) for this long is probed by the seed, and removed if the probe fails — so a peer that
   * died with no live neighbour to report it does not stay listed forever.
   */
  registrationLeaseMs: number;
  /** How long a seed's own liveness probe of a peer reported dead waits for the answer, ms. */
  deadProbeTimeoutMs: number;
  /**
   * How the node's sockets are opened and accepted: plain TCP when absent, or an authenticated
   * and encrypted transport when the network has a key (see `transport.ts`).
   */
  transport?: Transport;
  /**
   * Where the node's connections ask about injected faults (loss, delay, partition, pause); no
   * faults when absent (see `faults.ts`). Set per node by the node itself.
   */
  faults?: FaultPoint;
}

/**
 * The defaults: 64 KiB frames, 10 s to finish a frame, 5 s per request, 4 MiB write buffer,
 * 4,096 connections (1,024 per source IP), seed connections closed after 2 s idle, other idle
 * inbound connections after 30 s; 10,000 peers a seed (8,192 per source IP); 1,000 neighbours a
 * peer; 32 dials a join; messages kept 10 min; an origin may burst 100 messages and sustain 20/s.
 * docs/PROTOCOL.md §Bounds lists each with its error code.
 */
export const DEFAULT_LIMITS: Limits = {
  frameBytes: MAX_FRAME_BYTES,
  frameTimeoutMs: 10_000,
  requestTimeoutMs: 5_000,
  connectTimeoutMs: 5_000,
  maxWriteBufferBytes: 4 * 1024 * 1024,
  maxConnections: 4096,
  seedIdleMs: 2_000,
  idleTimeoutMs: 30_000,
  maxConnectionsPerIp: 1024,
  maxPeers: 10_000,
  maxRegistrationsPerIp: 8192,
  maxPendingChecks: 64,
  maxNeighbours: 1000,
  maxJoinDials: 32,
  messageTtlMs: 10 * 60_000,
  originBurst: 100,
  originRatePerSec: 20,
  maxOrigins: 10_000,
  newOriginsPerSec: 100,
  throttleStrikes: 100,
  registrationCheckMs: 60_000,
  registrationLeaseMs: 180_000,
  deadProbeTimeoutMs: 5_000,
};
