/**
 * The analysis jobs the worker runs (./worker.ts), as plain async functions over core/analysis,
 * and the message handler that runs them by id with progress and cancel. No DOM and no worker
 * globals: the worker only wires {@link createAnalysisHandler} to its messages, so tests (and the
 * page, when a worker cannot start) run exactly this code.
 */
import { bootstrapGoodnessOfFit } from '../../../core/analysis/bootstrap';
import { likelihoodRatioTests } from '../../../core/analysis/likelihoodRatio';
import { fitPowerLaw } from '../../../core/analysis/powerlaw';
import { powerLawVerdict } from '../../../core/analysis/verdict';
import { seededRandom } from '../../../core/random';
import { growByAttachment } from './grow';
import type { AnalyseRequest, AnalyseResult, AnalysisReply, AnalysisRequest, RepeatRequest, RepeatResult, RepeatRun } from './protocol';
import { MAX_GROWN_PEERS, MAX_REPEAT, MAX_SETS } from './protocol';

/** Progress callback and abort signal of a job. */
export interface JobOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * The analysis of a degree sequence a reviewer asks for (Clauset, Shalizi & Newman 2009): the
 * discrete power-law fit (§3), the likelihood-ratio tests against the exponential, the lognormal
 * and the stretched exponential with Vuong's normalised statistic and p (§5.1; Vuong 1989), the
 * semi-parametric bootstrap goodness-of-fit p-value (§4.1) with `seededRandom(seed)`, and the
 * verdict in their words.
 *
 * @throws RangeError when the degrees have fewer than two distinct positive values; the signal's
 *   reason when aborted
 */
export async function analyseDegrees(r: Pick<AnalyseRequest, 'degrees' | 'sets' | 'seed'>, options: JobOptions = {}): Promise<AnalyseResult> {
  const fit = fitPowerLaw(r.degrees);
  if (fit === null) throw new RangeError('fewer than two distinct positive degrees: nothing to fit');
  const tests = likelihoodRatioTests(r.degrees, fit);
  const { fit: _fit, ...boot } = await bootstrapGoodnessOfFit(r.degrees, r.sets, seededRandom(r.seed), options);
  return { kind: 'analyse', fit, bootstrap: { ...boot, seed: r.seed }, tests, verdict: powerLawVerdict(boot.p, tests) };
}

/** Mean and sample standard deviation (n − 1) of `xs`; nulls when there are too few. */
export function meanSd(xs: readonly number[]): { n: number; mean: number | null; sd: number | null } {
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : null;
  return { n, mean, sd };
}

/**
 * The spread of α between networks: grows `repeat` networks of `peers` peers by the peers' rule
 * ({@link growByAttachment}, seeds `seed`, `seed + 1`, … as `gossip-lab net --repeat` numbers its
 * runs), fits each (`fitPowerLaw`), and gives α's mean ± sd. Progress counts networks.
 *
 * @throws RangeError on bad sizes; the signal's reason when aborted
 */
export async function repeatNetworks(r: Pick<RepeatRequest, 'peers' | 'm' | 'repeat' | 'seed'>, options: JobOptions = {}): Promise<RepeatResult> {
  const runs: RepeatRun[] = [];
  for (let i = 0; i < r.repeat; i++) {
    const seed = (r.seed + i) % 2 ** 31;
    const degrees = await growByAttachment(r.peers, r.m, seededRandom(seed), options.signal);
    const fit = fitPowerLaw(degrees);
    const links = degrees.reduce((a, b) => a + b, 0) / 2;
    runs.push({ seed, links, alpha: fit?.alpha ?? null, sigma: fit?.sigma ?? null, xmin: fit?.xmin ?? null, nTail: fit?.nTail ?? null });
    options.onProgress?.(i + 1, r.repeat);
  }
  const alphas = runs.map((x) => x.alpha).filter((a): a is number => a !== null);
  return { kind: 'repeat', peers: r.peers, m: r.m, runs, alpha: meanSd(alphas) };
}

/** Why a job request is invalid, or null when it is fine. */
export function checkRequest(r: Exclude<AnalysisRequest, { type: 'cancel' }>): string | null {
  const int = (x: unknown, min: number, max: number): boolean => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
  if (!int(r.seed, -(2 ** 31), 2 ** 31 - 1)) return 'the seed must be a whole number';
  if (r.type === 'analyse') {
    if (!int(r.sets, 1, MAX_SETS)) return `the number of sets must be a whole number from 1 to ${MAX_SETS}`;
    if (!Array.isArray(r.degrees) || !r.degrees.every((d) => int(d, 0, Number.MAX_SAFE_INTEGER))) return 'the degrees must be whole numbers ≥ 0';
    return null;
  }
  if (!int(r.repeat, 1, MAX_REPEAT)) return `the number of networks must be a whole number from 1 to ${MAX_REPEAT}`;
  if (!int(r.peers, 2, MAX_GROWN_PEERS)) return `a grown network needs 2 to ${MAX_GROWN_PEERS} peers`;
  if (!int(r.m, 1, 50)) return 'm must be a whole number from 1 to 50';
  return null;
}

/**
 * Progress at most about 200 times a job (and always its last step), so a job of 100,000 sets does
 * not flood the page with messages.
 */
export function progressEvery(total: number): number {
  return Math.max(1, Math.floor(total / 200));
}

/**
 * The worker's message handler: runs each job by id, posting `progress`, then one of `result`,
 * `cancelled` (after a `cancel` with its id) or `failed` (with the error's message). Jobs may run
 * side by side; each yields to the event loop every ~25 ms, so a `cancel` is seen between two
 * synthetic sets.
 *
 * @param post sends a reply to the page (`postMessage` in the worker)
 * @returns the function to call with each request; it resolves when that request is handled
 */
export function createAnalysisHandler(post: (reply: AnalysisReply) => void): (request: AnalysisRequest) => Promise<void> {
  const running = new Map<number, { controller: AbortController; done: number }>();
  return async (request) => {
    if (request.type === 'cancel') {
      running.get(request.id)?.controller.abort(new Error('cancelled'));
      return;
    }
    const why = checkRequest(request);
    if (why !== null) {
      post({ type: 'failed', id: request.id, error: why });
      return;
    }
    const job = { controller: new AbortController(), done: 0 };
    running.set(request.id, job);
    const step = progressEvery(request.type === 'analyse' ? request.sets : request.repeat);
    const options: JobOptions = {
      signal: job.controller.signal,
      onProgress: (done, total) => {
        job.done = done;
        if (done % step === 0 || done === total) post({ type: 'progress', id: request.id, done, total });
      },
    };
    try {
      const result = request.type === 'analyse' ? await analyseDegrees(request, options) : await repeatNetworks(request, options);
      post({ type: 'result', id: request.id, result });
    } catch (e) {
      if (job.controller.signal.aborted) post({ type: 'cancelled', id: request.id, done: job.done });
      else post({ type: 'failed', id: request.id, error: e instanceof Error ? e.message : String(e) });
    } finally {
      running.delete(request.id);
    }
  };
}
