/**
 * The tail of a degree sequence above a cut-off, as distinct values with their counts: the data
 * every likelihood of the power-law analysis sums over (`alternatives.ts`, `likelihoodRatio.ts`).
 */

/**
 * The values x ≥ `xmin` of a sample: `values` distinct and ascending, `counts[i]` how often
 * `values[i]` occurs, `n` = Σ counts, `sumLog` = Σ counts·ln values.
 */
export interface Tail {
  xmin: number;
  values: number[];
  counts: number[];
  n: number;
  sumLog: number;
}

/**
 * The tail x ≥ xmin of `degrees` (zeros and values below xmin ignored).
 *
 * @param degrees non-negative integers
 * @param xmin cut-off, an integer ≥ 1
 * @throws RangeError if xmin is not an integer ≥ 1, or a degree is not a non-negative integer
 */
export function tailOf(degrees: readonly number[], xmin: number): Tail {
  if (!Number.isInteger(xmin) || xmin < 1) throw new RangeError(`tailOf: xmin must be an integer ≥ 1, got ${xmin}`);
  const kept: number[] = [];
  for (const d of degrees) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`tailOf: degrees must be non-negative integers, got ${d}`);
    if (d >= xmin) kept.push(d);
  }
  kept.sort((a, b) => a - b);
  const { values, counts } = distinctWithCounts(kept);
  return { xmin, values, counts, n: kept.length, sumLog: sumOverTail({ values, counts }, Math.log) };
}

/** The distinct values of an ascending array and how often each occurs. */
export function distinctWithCounts(sorted: readonly number[]): { values: number[]; counts: number[] } {
  const values: number[] = [];
  const counts: number[] = [];
  for (const d of sorted) {
    const last = values.length - 1;
    if (last >= 0 && values[last] === d) counts[last] = (counts[last] as number) + 1;
    else {
      values.push(d);
      counts.push(1);
    }
  }
  return { values, counts };
}

/** Σ counts_i · f(values_i) over a tail: a log-likelihood when f is a log-pmf. */
export function sumOverTail(tail: Pick<Tail, 'values' | 'counts'>, f: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < tail.values.length; i++) s += (tail.counts[i] as number) * f(tail.values[i] as number);
  return s;
}
