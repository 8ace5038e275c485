/**
 * Rate limits for gossip: a token bucket (Turner 1986; the classic traffic-shaping rule) per key,
 * in a map bounded by least-recent use. The gossip engine keys one set of buckets by origin (how
 * many new messages one origin may make) and one by neighbour and origin (how many of them one
 * neighbour may forward).
 *
 * A bucket holds at most `burst` tokens and gains `ratePerSec` a second; a message takes one. A
 * key seen for the first time starts full. So over any interval of t seconds a key passes at
 * most `burst + ratePerSec × t` messages. The map holds at most `maxKeys` buckets: the least
 * recently used is forgotten first (it then starts full again if it comes back).
 */

/** The parameters of a set of buckets. */
export interface RateLimitOptions {
  /** Tokens a bucket holds at most (the burst), ≥ 0. */
  burst: number;
  /** Tokens a bucket gains per second, ≥ 0. */
  ratePerSec: number;
  /** Buckets kept at most (least recently used evicted first), ≥ 1. */
  maxKeys: number;
}

/**
 * One key's bucket: its tokens when last used, in thousandths (so that integer rates refill
 * exactly: `ratePerSec` thousandths a ms, no rounding drift), and when, ms.
 */
interface Bucket {
  milli: number;
  at: number;
  /** When the key was last made the most recently used, ms. */
  touched: number;
}

/** How often a busy key is moved to the most recently used end, ms. */
const TOUCH_MS = 1000;

/** Token buckets by key (an origin's address key, say), LRU-bounded. */
export class OriginLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** The burst, in thousandths of a token. */
  private readonly full: number;
  /** Buckets forgotten to keep within `maxKeys`. */
  evicted = 0;

  /** @throws RangeError for a negative burst or rate, or fewer than one key. */
  constructor(readonly opts: RateLimitOptions) {
    if (!(opts.burst >= 0) || !(opts.ratePerSec >= 0)) throw new RangeError(`bad token bucket: burst ${opts.burst}, rate ${opts.ratePerSec}/s`);
    if (!(opts.maxKeys >= 1)) throw new RangeError(`a rate limiter keeps at least one key, not ${opts.maxKeys}`);
    this.full = opts.burst * 1000;
  }

  /** Keys with a bucket now. */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Takes one token from `key`'s bucket at time `now` (ms, the injected clock), creating the
   * bucket full when the key is new. Makes the key the most recently used.
   * @returns true when a token was there (the message may pass), false when it is throttled.
   */
  take(key: string, now: number): boolean {
    let b = this.buckets.get(key);
    if (b) {
      b.milli = this.refilled(b, now);
      b.at = Math.max(b.at, now);
      // a Map iterates in insertion order, oldest first: re-inserting makes the key the most
      // recently used. Done at most once a second per key, so the hot path is one lookup (an
      // approximate LRU: a key used within the last second may be evicted before an older one)
      if (now - b.touched >= TOUCH_MS) {
        this.buckets.delete(key);
        this.buckets.set(key, b);
        b.touched = now;
      }
    } else {
      b = { milli: this.full, at: now, touched: now };
      if (this.buckets.size >= this.opts.maxKeys) this.evictOldest();
      this.buckets.set(key, b);
    }
    if (b.milli < 1000) return false;
    b.milli -= 1000;
    return true;
  }

  /** Tokens `key` has at `now` (the burst for an unknown key); does not change anything. */
  tokens(key: string, now: number): number {
    const b = this.buckets.get(key);
    return b ? this.refilled(b, now) / 1000 : this.opts.burst;
  }

  /** True when `key` has a bucket. */
  has(key: string): boolean {
    return this.buckets.has(key);
  }

  /** Forgets every bucket. */
  clear(): void {
    this.buckets.clear();
  }

  /** A bucket's thousandths at `now`: refilled at the rate, at most the burst (a clock that went back adds nothing). */
  private refilled(b: Bucket, now: number): number {
    return Math.min(this.full, b.milli + Math.max(0, now - b.at) * this.opts.ratePerSec);
  }

  private evictOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) {
      this.buckets.delete(oldest.value);
      this.evicted++;
    }
  }
}
