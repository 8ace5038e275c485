/**
 * The goodness-of-fit test of a discrete power law by the semi-parametric bootstrap of Clauset,
 * Shalizi & Newman 2009, §4.1: is the fitted power law a plausible source of the data?
 */
import type { Random } from '../random';
import { fitDistinctValues, fitPowerLaw } from './powerlaw';
import type { PowerLawFit } from './powerlaw';
import { powerLawSampler } from './powerLawSampler';

/** Below this p the power law is ruled out (CSN §4.1). */
export const GOF_PLAUSIBLE = 0.1;
/** Hand the event loop back at least this often (ms), so a signal and timers can run. */
const YIELD_EVERY_MS = 25;

/** Options of {@link bootstrapGoodnessOfFit}. */
export interface BootstrapOptions {
  /** Called after each synthetic set with (sets done, sets asked). */
  onProgress?: (done: number, total: number) => void;
  /** Aborting it stops the bootstrap between two sets; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Summary of the synthetic sets' KS distances. */
export interface DistanceSummary {
  min: number;
  median: number;
  mean: number;
  max: number;
}

/**
 * The bootstrap's answer.
 * - `p`: share of the synthetic sets whose refitted KS distance is ≥ the data's (`D`)
 * - `sets`: synthetic sets fitted; `atLeast`: how many had D_syn ≥ D
 * - `standardError`: √(p(1 − p)/sets), the Monte-Carlo error of p (CSN §4.1: ±0.01 needs ~2,500 sets)
 * - `syntheticD`: the synthetic distances' summary; `fit`: the data's own fit
 * - `skipped`: synthetic sets with fewer than two distinct values (nothing to fit; left out of `sets`)
 */
export interface BootstrapResult {
  p: number;
  sets: number;
  atLeast: number;
  standardError: number;
  D: number;
  syntheticD: DistanceSummary;
  skipped: number;
  fit: PowerLawFit;
}

/** Run-length encodes a sorted array into (values, counts); returns the number of distinct values. */
function encode(sorted: Float64Array, values: Float64Array, counts: Float64Array): number {
  let m = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (m > 0 && values[m - 1] === v) counts[m - 1] = (counts[m - 1] as number) + 1;
    else {
      values[m] = v;
      counts[m] = 1;
      m++;
    }
  }
  return m;
}

function summarise(ds: number[]): DistanceSummary {
  if (ds.length === 0) return { min: NaN, median: NaN, mean: NaN, max: NaN };
  const s = ds.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { min: s[0] as number, median, mean: s.reduce((a, b) => a + b, 0) / s.length, max: s[s.length - 1] as number };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * CSN §4.1's goodness-of-fit p-value. The data are fitted (`fitPowerLaw`: α, x_min, D); each
 * synthetic set has as many values as the data's positive values, n, each of them, independently,
 * with probability nTail/n a draw from the fitted discrete power law (`powerLawSampler`), else one
 * of the data's values below x_min picked uniformly (with their multiplicities). Each set is fitted
 * by the same full procedure — x_min scanned again, α re-estimated — and p is the share of sets
 * whose KS distance is at least the data's. CSN: the power law is ruled out when p < 0.1;
 * ±0.01 on p takes about 2,500 sets. One uniform per value decides and draws (u < nTail/n: the
 * power law at u·n/nTail; else a value below x_min).
 *
 * Runs on the calling thread, yielding to the event loop every ~25 ms (so an AbortSignal fired
 * by a timer or a signal handler is seen); the same `random` seed gives the same p.
 *
 * @param degrees the data: non-negative integers (zeros dropped, as by the fit)
 * @param sets how many synthetic sets, an integer ≥ 1
 * @param random the generator (`seededRandom(seed)` to reproduce a run)
 * @param options progress callback and abort signal
 * @throws RangeError if `sets` is not a positive integer, a degree is invalid, or the data have
 *   fewer than two distinct positive values; the signal's reason when aborted
 */
export async function bootstrapGoodnessOfFit(degrees: readonly number[], sets: number, random: Random, options: BootstrapOptions = {}): Promise<BootstrapResult> {
  if (!Number.isInteger(sets) || sets < 1) throw new RangeError(`bootstrapGoodnessOfFit: sets must be an integer ≥ 1, got ${sets}`);
  const fit = fitPowerLaw(degrees);
  if (fit === null) throw new RangeError('bootstrapGoodnessOfFit: fewer than two distinct positive values; nothing to fit');
  const below = degrees.filter((d) => d > 0 && d < fit.xmin);
  const n = fit.n;
  const q = fit.nTail / n;
  const draw = powerLawSampler(fit.alpha, fit.xmin);
  const sample = new Float64Array(n);
  const values = new Float64Array(n);
  const counts = new Float64Array(n);
  const ds: number[] = [];
  let atLeast = 0;
  let skipped = 0;
  let lastYield = performance.now();
  for (let s = 0; s < sets; s++) {
    options.signal?.throwIfAborted();
    for (let i = 0; i < n; i++) {
      const u = random.next();
      sample[i] = u < q ? draw(u / q, random) : (below[Math.floor(((u - q) / (1 - q)) * below.length)] as number);
    }
    sample.sort();
    const m = encode(sample, values, counts);
    const synthetic = fitDistinctValues(values.subarray(0, m), counts.subarray(0, m), n);
    if (synthetic === null) skipped++;
    else {
      ds.push(synthetic.D);
      if (synthetic.D >= fit.D) atLeast++;
    }
    options.onProgress?.(s + 1, sets);
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  options.signal?.throwIfAborted();
  const done = ds.length;
  const p = done === 0 ? NaN : atLeast / done;
  return { p, sets: done, atLeast, standardError: done === 0 ? NaN : Math.sqrt((p * (1 - p)) / done), D: fit.D, syntheticD: summarise(ds), skipped, fit };
}
