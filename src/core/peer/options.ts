/** A peer's options; its protocol timing, defaults and bounds are in ./timing.ts (re-exported here). */
import type { NodeOptions } from '../nodeBase';
import type { Addr } from '../protocol/addr';
import type { Random } from '../random';
import type { PeerTiming } from './timing';
import type { DetectorKind, SwimSettings } from './swim';

export type { PeerTiming, TimingBound, TimingUnit } from './timing';
export { DEFAULT_TIMING, TIMING_BOUNDS, TIMING_KEYS, checkTiming, checkTimingValue } from './timing';

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
   * Keep retrying the registration until this long after the first attempt, ms, instead of
   * `joinRetries` rounds (for a peer that may start before its seeds listen).
   */
  joinTimeoutMs?: number;
  /** The longest wait between two registration rounds, ms (default 2,000 with `joinTimeoutMs`, else no cap). */
  joinMaxBackoffMs?: number;
  /**
   * Wire to exactly these peers (all dialled at join) instead of choosing m by preferential
   * attachment; the seeds' peer lists are then not fetched. Used to start a network as an edge
   * list says.
   */
  fixedNeighbours?: Addr[];
  /** The failure detector: `assignment` (default: dead after `livenessMisses` missed requests) or `swim`. */
  detector?: DetectorKind;
  /** The swim detector's settings (defaults: {@link DEFAULT_SWIM}). */
  swim?: Partial<SwimSettings>;
}
