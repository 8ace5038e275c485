/** A peer's protocol settings and their defaults (the classic assignment's numbers). */
import type { NodeOptions } from '../nodeBase';
import type { Addr } from '../protocol/addr';
import type { Random } from '../random';

/** The tunable numbers of the protocol. Times in ms. */
export interface PeerTiming {
  /** Neighbours m each joining peer picks by preferential attachment. */
  neighbours: number;
  /** Time between two gossip messages of one peer, ms. */
  gossipIntervalMs: number;
  /** Gossip messages each peer creates. */
  gossipCount: number;
  /** Time between liveness requests to each neighbour, ms. */
  livenessIntervalMs: number;
  /** Consecutive missed liveness replies after which a neighbour is reported dead. */
  livenessMisses: number;
}

/** Defaults: m = 2, a message every 5 s, 10 in all, liveness every 13 s, dead after 3 misses. */
export const DEFAULT_TIMING: PeerTiming = {
  neighbours: 2,
  gossipIntervalMs: 5_000,
  gossipCount: 10,
  livenessIntervalMs: 13_000,
  livenessMisses: 3,
};

/** Everything a peer is created with. */
export interface PeerOptions extends NodeOptions, Partial<PeerTiming> {
  /** The seeds from config.txt. */
  seeds: Addr[];
  /** Random source for seed and neighbour choice; seed it to reproduce a run. */
  random?: Random;
  /** Start gossiping as soon as the peer has joined (default true). */
  autoGossip?: boolean;
  /** Registration retry rounds after the first (default 3). */
  joinRetries?: number;
  /** Backoff before the first registration retry, ms; doubles each round (default 500). */
  joinBackoffMs?: number;
  /**
   * Wire to exactly these peers (all dialled at join) instead of choosing m by preferential
   * attachment; the seeds' peer lists are then not fetched. Used to start a network as an edge
   * list says.
   */
  fixedNeighbours?: Addr[];
}
