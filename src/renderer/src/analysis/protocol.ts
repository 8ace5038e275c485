/**
 * The messages between the page and the analysis worker (./worker.ts), and what each job answers.
 * Types and limits only. A job is asked with an id; the worker answers `progress` while it runs,
 * then exactly one of `result`, `cancelled` or `failed` with the same id. `cancel` stops a job
 * between two synthetic sets (or two steps of a growing network).
 */
import type { PowerLawFit } from '../../../core/analysis/powerlaw';
import type { LikelihoodRatioTest } from '../../../core/analysis/likelihoodRatio';
import type { BootstrapResult } from '../../../core/analysis/bootstrap';
import type { PowerLawVerdict } from '../../../core/analysis/verdict';

/** Most synthetic sets one bootstrap may be asked for (about 100 s on one core at 1,000 peers). */
export const MAX_SETS = 100_000;
/** Most networks one repeat may grow. */
export const MAX_REPEAT = 1000;
/** Most peers a grown network may have. */
export const MAX_GROWN_PEERS = 20_000;
/** Default number of synthetic sets (CSN §4.1: ±0.01 on p takes about 2,500). */
export const DEFAULT_SETS = 1000;
/** Default number of networks a repeat grows. */
export const DEFAULT_REPEAT = 20;

/**
 * CSN's bootstrap goodness-of-fit test (§4.1) of `degrees`, and the likelihood-ratio tests (§5.1)
 * against the alternatives, with the verdict in words.
 */
export interface AnalyseRequest {
  type: 'analyse';
  id: number;
  degrees: number[];
  /** Synthetic sets, 1 … {@link MAX_SETS}. */
  sets: number;
  /** The random seed (`seededRandom(seed)`): the same seed and degrees give the same p. */
  seed: number;
}

/**
 * Grow `repeat` networks of `peers` peers by the peers' own attachment rule (each joining peer
 * links to `m` earlier peers chosen ∝ degree + 1) with seeds `seed`, `seed + 1`, …, and fit each.
 */
export interface RepeatRequest {
  type: 'repeat';
  id: number;
  peers: number;
  m: number;
  repeat: number;
  seed: number;
}

/** Everything the page may send the worker. */
export type AnalysisRequest = AnalyseRequest | RepeatRequest | { type: 'cancel'; id: number };

/** A job the page may start (a request without its id). */
export type AnalysisJob = Omit<AnalyseRequest, 'id'> | Omit<RepeatRequest, 'id'>;

/** The bootstrap's answer with the seed it ran with (the data's own fit is in {@link AnalyseResult.fit}). */
export type BootstrapSummary = Omit<BootstrapResult, 'fit'> & { seed: number };

/** What an `analyse` job answers. */
export interface AnalyseResult {
  kind: 'analyse';
  /** The fit the tests are of (the same as the degree panel's for the same degrees). */
  fit: PowerLawFit;
  bootstrap: BootstrapSummary;
  /** One test per alternative: exponential, lognormal, stretched exponential. */
  tests: LikelihoodRatioTest[];
  verdict: PowerLawVerdict;
}

/** One grown network's fit (nulls: too few distinct degrees to fit). */
export interface RepeatRun {
  seed: number;
  links: number;
  alpha: number | null;
  sigma: number | null;
  xmin: number | null;
  nTail: number | null;
}

/** What a `repeat` job answers. */
export interface RepeatResult {
  kind: 'repeat';
  peers: number;
  m: number;
  runs: RepeatRun[];
  /** α over the networks that could be fitted: mean and sample standard deviation (n − 1). */
  alpha: { n: number; mean: number | null; sd: number | null };
}

/** Everything the worker may send the page. */
export type AnalysisReply =
  /** The worker's script loaded and listens. */
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: AnalyseResult | RepeatResult }
  | { type: 'cancelled'; id: number; done: number }
  | { type: 'failed'; id: number; error: string };
