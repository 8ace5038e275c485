/**
 * A time series with a fixed most number of points, for the plots over time: when it is full, every
 * second point is dropped (the first and the newest are kept), so a whole run stays drawn at half
 * the resolution instead of its start being forgotten. Memory: at most `cap` points.
 */

/** A point at time `t`, ms since epoch, with any values. */
export interface Timed {
  t: number;
}

/** Points in time order, at most `cap` of them. */
export class BoundedSeries<P extends Timed> {
  private pts: P[] = [];

  /** @param cap most points kept (≥ 4) */
  constructor(readonly cap: number) {
    if (!(cap >= 4)) throw new RangeError(`BoundedSeries: cap must be at least 4, got ${cap}`);
  }

  /** Appends a point (its `t` should not be before the last one's); thins the series when full. */
  push(p: P): void {
    if (this.pts.length >= this.cap) this.pts = thin(this.pts);
    this.pts.push(p);
  }

  /** The last point, if any. */
  get last(): P | undefined {
    return this.pts[this.pts.length - 1];
  }

  /** How many points are kept. */
  get length(): number {
    return this.pts.length;
  }

  /** The points with `t ≤ untilMs` (all without a bound), oldest first. A new array. */
  until(untilMs?: number): P[] {
    if (untilMs === undefined) return this.pts.slice();
    let n = this.pts.length;
    while (n > 0 && this.pts[n - 1]!.t > untilMs) n--;
    return this.pts.slice(0, n);
  }

  /** Drops every point. */
  clear(): void {
    this.pts = [];
  }
}

/** Every second point of `pts`, keeping the first and the last. */
export function thin<P>(pts: readonly P[]): P[] {
  const out: P[] = [];
  for (let i = 0; i < pts.length; i += 2) out.push(pts[i]!);
  if (pts.length > 1 && (pts.length - 1) % 2 === 1) out.push(pts[pts.length - 1]!);
  return out;
}
