/**
 * `gossip-lab fit FILE`: the discrete power-law fit of a degree sequence or an edge list, with
 * Clauset, Shalizi & Newman's tests of it (likelihood ratios always, the bootstrap p-value on
 * request) and the exponent the app's attachment rule predicts.
 */
import { readFile } from 'node:fs/promises';
import { parseDegreeInput } from '../../core/analysis/input';
import { fitPowerLaw } from '../../core/analysis/powerlaw';
import type { PowerLawFit } from '../../core/analysis/powerlaw';
import type { Binning } from '../../core/analysis/discreteLaws';
import type { LikelihoodRatioTest } from '../../core/analysis/likelihoodRatio';
import { likelihoodRatioTests } from '../../core/analysis/likelihoodRatio';
import type { BootstrapResult } from '../../core/analysis/bootstrap';
import { bootstrapGoodnessOfFit } from '../../core/analysis/bootstrap';
import type { PowerLawVerdict } from '../../core/analysis/verdict';
import { formatP, powerLawVerdict } from '../../core/analysis/verdict';
import { PREDICTED_ALPHA_SOURCE, predictedAlpha } from '../../core/analysis/attachment';
import { seededRandom } from '../../core/random';
import { UsageError } from '../usage';

/** The flags of `fit` (see main.ts). */
export interface FitFlags {
  json?: boolean;
  bootstrap: number;
  randomSeed?: number;
  m?: number;
  binning: Binning;
}

/** Everything `fit` reports; `--json` prints it (the fit's own keys at the top level, as before). */
export interface FitReport extends PowerLawFit {
  binning: Binning;
  likelihoodRatios: LikelihoodRatioTest[];
  bootstrap: (Omit<BootstrapResult, 'fit'> & { seed: number }) | null;
  verdict: PowerLawVerdict;
  predicted: { m: number; a: number; alpha: number; source: string } | null;
}

/** Reads and parses `file` into degrees. @throws UsageError when it cannot be read or parsed. */
async function readDegrees(file: string): Promise<number[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseDegreeInput(text, file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Reads and fits `file`.
 * @throws UsageError when the file cannot be read or parsed, or has too few distinct degrees.
 */
export async function runFit(file: string): Promise<PowerLawFit> {
  return fitOf(file, await readDegrees(file));
}

function fitOf(file: string, degrees: readonly number[]): PowerLawFit {
  const fit = fitPowerLaw(degrees);
  if (!fit) throw new UsageError(`${file}: fewer than two distinct positive degrees; nothing to fit`);
  return fit;
}

/** Progress of the bootstrap on stderr: one updating line on a terminal, else a line per 10 %. */
function progressReporter(total: number): (done: number) => void {
  const tty = process.stderr.isTTY === true;
  let lastShown = -1;
  return (done) => {
    const tenth = Math.floor((done * 10) / total);
    if (tty && (done === total || done % Math.max(1, Math.floor(total / 100)) === 0)) {
      process.stderr.write(`\rbootstrap: ${done}/${total} synthetic sets${done === total ? '\n' : ''}`);
    } else if (!tty && tenth !== lastShown) {
      lastShown = tenth;
      process.stderr.write(`bootstrap: ${done}/${total} synthetic sets\n`);
    }
  };
}

/**
 * Reads `file` and runs the whole analysis: the fit, the likelihood-ratio tests, the bootstrap
 * when `flags.bootstrap` > 0 (progress on stderr; SIGINT cancels it), the verdict, and the
 * predicted α when `flags.m` is given.
 * @throws UsageError on bad input; an Error when the bootstrap is cancelled
 */
export async function runFitReport(file: string, flags: FitFlags): Promise<FitReport> {
  const degrees = await readDegrees(file);
  const fit = fitOf(file, degrees);
  const tests = likelihoodRatioTests(degrees, fit, { binning: flags.binning });
  let bootstrap: FitReport['bootstrap'] = null;
  if (flags.bootstrap > 0) {
    const seed = flags.randomSeed ?? Math.floor(Math.random() * 2 ** 31);
    const controller = new AbortController();
    const cancel = (): void => controller.abort(new Error('bootstrap cancelled (SIGINT)'));
    process.once('SIGINT', cancel);
    try {
      const progress = progressReporter(flags.bootstrap);
      const { fit: _fit, ...result } = await bootstrapGoodnessOfFit(degrees, flags.bootstrap, seededRandom(seed), {
        onProgress: progress,
        signal: controller.signal,
      });
      bootstrap = { ...result, seed };
    } finally {
      process.removeListener('SIGINT', cancel);
    }
  }
  const predicted = flags.m === undefined ? null : { m: flags.m, a: 1, alpha: predictedAlpha(flags.m, 1), source: PREDICTED_ALPHA_SOURCE };
  return { ...fit, binning: flags.binning, likelihoodRatios: tests, bootstrap, verdict: powerLawVerdict(bootstrap?.p ?? null, tests), predicted };
}

/** The fit as `key value` lines. */
export function formatFit(f: PowerLawFit): string {
  return [
    `n      ${f.n}`,
    `alpha  ${f.alpha.toFixed(4)}`,
    `xmin   ${f.xmin}`,
    `D      ${f.D.toFixed(4)}`,
    `nTail  ${f.nTail}`,
    `sigma  ${f.sigma.toFixed(4)}`,
  ].join('\n');
}

/** An alternative's parameters as `name=value` pairs. */
function formatParams(params: Record<string, number>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4)}`)
    .join(' ');
}

/** The whole report as text: the fit, the likelihood-ratio table, the bootstrap, the verdict, the prediction. */
export function formatFitReport(r: FitReport): string {
  const lines = [formatFit(r), '', `likelihood ratios on the tail x ≥ ${r.xmin} (n = ${r.nTail}; R > 0 favours the power law; ${r.binning} binning):`];
  lines.push(`  ${'alternative'.padEnd(22)}${'R'.padStart(10)}${'R/(σ√n)'.padStart(10)}  ${'p'.padEnd(9)}  parameters`);
  for (const t of r.likelihoodRatios) {
    const p = formatP(t.p).replace('= ', '');
    const note = t.degenerate ? '  (degenerates into a power law)' : '';
    lines.push(`  ${t.alternative.padEnd(22)}${t.R.toFixed(2).padStart(10)}${t.statistic.toFixed(3).padStart(10)}  ${p.padEnd(9)}  ${formatParams(t.params)}${note}`);
  }
  if (r.bootstrap) {
    const b = r.bootstrap;
    lines.push('', `goodness of fit  p = ${b.p.toFixed(3)} ± ${b.standardError.toFixed(3)} (${b.sets} synthetic sets, seed ${b.seed}; D ${r.D.toFixed(4)}, synthetic D median ${b.syntheticD.median.toFixed(4)})`);
  }
  lines.push('', 'verdict', ...r.verdict.lines.map((l) => `  ${l}`));
  if (r.predicted) lines.push('', `predicted alpha  ${r.predicted.alpha.toFixed(4)} (attachment ∝ degree + ${r.predicted.a}, m = ${r.predicted.m}; ${r.predicted.source})`);
  return lines.join('\n');
}
