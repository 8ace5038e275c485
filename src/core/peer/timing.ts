/**
 * The protocol's timing: the one shape (`PeerTiming`), its defaults (the classic assignment's
 * numbers) and its one table of bounds, shared by the peer, the app's validation and the CLI's
 * options. No imports, so the page's types can name it without pulling in any of core.
 */

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

/** How a timing field is measured: a duration in ms, or a plain count. */
export type TimingUnit = 'ms' | 'count';

/** One timing field's bounds (inclusive, whole numbers) and how a user calls it. */
export interface TimingBound {
  min: number;
  max: number;
  unit: TimingUnit;
  /** The field's name in a message to the user ("gossip interval must be at least 10 ms"). */
  label: string;
}

/**
 * The one table of timing bounds, used by the app's command validation (src/shared/validation.ts)
 * and by the CLI's options: intervals 10 ms … 1 day, counts 0 … 1,000,000, misses 1 … 1,000.
 */
export const TIMING_BOUNDS: Readonly<Record<keyof PeerTiming, TimingBound>> = {
  neighbours: { min: 1, max: 50, unit: 'count', label: 'neighbours (m)' },
  gossipIntervalMs: { min: 10, max: 86_400_000, unit: 'ms', label: 'gossip interval' },
  gossipCount: { min: 0, max: 1_000_000, unit: 'count', label: 'gossip count' },
  livenessIntervalMs: { min: 10, max: 86_400_000, unit: 'ms', label: 'liveness interval' },
  livenessMisses: { min: 1, max: 1_000, unit: 'count', label: 'liveness misses' },
};

/** The timing fields, in the table's order. */
export const TIMING_KEYS = Object.keys(TIMING_BOUNDS) as ReadonlyArray<keyof PeerTiming>;

/**
 * Why one timing value is out of bounds, or undefined when it is fine.
 * @returns a sentence such as "gossip interval must be at least 10 ms".
 */
export function checkTimingValue(key: keyof PeerTiming, value: unknown): string | undefined {
  const b = TIMING_BOUNDS[key];
  const unit = b.unit === 'ms' ? ' ms' : '';
  if (typeof value !== 'number' || Number.isNaN(value)) return `${b.label} must be a number`;
  if (!Number.isInteger(value)) return `${b.label} must be a whole number${b.unit === 'ms' ? ' of ms' : ''}`;
  if (value < b.min) return `${b.label} must be at least ${b.min}${unit}`;
  if (value > b.max) return `${b.label} must be at most ${b.max}${unit}`;
  return undefined;
}

/**
 * Checks the fields given (undefined ones are skipped) against {@link TIMING_BOUNDS}.
 * @returns every problem joined with "; ", or undefined when all are in bounds.
 */
export function checkTiming(partial: Partial<Record<keyof PeerTiming, unknown>>): string | undefined {
  const problems: string[] = [];
  for (const k of TIMING_KEYS) {
    if (partial[k] === undefined) continue;
    const why = checkTimingValue(k, partial[k]);
    if (why !== undefined) problems.push(why);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}
