/**
 * A latency histogram that can cross a process boundary and be merged: log-spaced buckets
 * (ratio 1.01, so a quantile is within 1 % of the true value) from 1 µs to ~10⁵ s. Shards keep
 * one each; the parent merges their bucket counts for run-wide percentiles. Node's HDR histogram
 * (perf_hooks) cannot be serialised, hence this.
 */

/** Bucket ratio: each bucket's upper edge is 1.01 × the one before. */
const RATIO = 1.01;
const LOG_RATIO = Math.log(RATIO);
/** Buckets: 1 µs × 1.01^2,400 ≈ 2.4·10¹⁰ µs (~6.6 h) is the largest value kept apart. */
const BUCKETS = 2400;

/** The serialisable form of a {@link LatencyHistogram}: bucket index → count, sparse. */
export interface LatencyBuckets {
  counts: Array<[number, number]>;
  max: number;
}

/** Latencies in ms, recorded with 1 µs resolution into log buckets. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  /** Samples recorded. */
  get count(): number {
    return this.total;
  }

  /** The largest sample, ms (exact). */
  get max(): number {
    return this.maxMs;
  }

  /** Records one latency, ms (values below 1 µs count as 1 µs). */
  record(ms: number): void {
    const us = Math.max(1, ms * 1000);
    const i = Math.min(BUCKETS - 1, Math.ceil(Math.log(us) / LOG_RATIO));
    this.counts[i]!++;
    this.total++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /**
   * The q-quantile (0..1) in ms: the upper edge of the bucket holding the nearest-rank sample
   * (within 1 % above the true value), to 0.01 ms — more digits would be noise; NaN when empty.
   */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.min(this.total, Math.max(1, Math.ceil(q * this.total)));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return round2(Math.min(this.maxMs, RATIO ** i / 1000));
    }
    return round2(this.maxMs);
  }

  /** The buckets in use, for sending to another process. */
  toBuckets(): LatencyBuckets {
    const counts: Array<[number, number]> = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]! > 0) counts.push([i, this.counts[i]!]);
    return { counts, max: this.maxMs };
  }

  /** Adds the samples of another histogram (as {@link toBuckets} gave them). */
  merge(b: LatencyBuckets): void {
    for (const [i, n] of b.counts) {
      if (i < 0 || i >= BUCKETS || !Number.isFinite(n)) continue;
      this.counts[i]! += n;
      this.total += n;
    }
    if (b.max > this.maxMs) this.maxMs = b.max;
  }
}

/** `x` to two decimals. */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
