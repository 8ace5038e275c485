/**
 * `gossip-lab net --repeat R`: R networks built the same way, one after another (random seeds
 * S, S + 1, …), and how much the fitted power-law exponent α varies between them — the spread a
 * single fit's σ does not show — beside the exponent the attachment rule predicts.
 */
import { PREDICTED_ALPHA_SOURCE, predictedAlpha } from '../../core/analysis/attachment';
import type { NetFlags, NetSummary } from './net';
import { runNet } from './net';

/** What `net --repeat` reports (also its `--json`). */
export interface RepeatSummary {
  repeat: number;
  /** Each network's random seed and fit (null: too few distinct degrees to fit). */
  runs: Array<{ randomSeed: number; peers: number; links: number; alpha: number | null; sigma: number | null; xmin: number | null; nTail: number | null }>;
  /** α over the networks that could be fitted: mean and sample standard deviation (n − 1). */
  alpha: { n: number; mean: number | null; sd: number | null };
  /** The exponent the attachment rule predicts for m = --neighbours (3 + 1/m), and its source. */
  predicted: { alpha: number; source: string };
  /** Runs that had peers fail to join or live peers reported dead. */
  failedRuns: number;
}

/**
 * Runs `o.repeat` networks and summarises their fits. `onRun` sees each run's summary as it ends.
 * @throws what {@link runNet} throws.
 */
export async function runRepeat(o: NetFlags & { repeat: number }, onRun: (i: number, s: NetSummary) => void): Promise<RepeatSummary> {
  const base = o.randomSeed ?? Math.floor(Math.random() * 2 ** 30);
  const runs: RepeatSummary['runs'] = [];
  let failedRuns = 0;
  for (let i = 0; i < o.repeat; i++) {
    const randomSeed = (base + i) % 2 ** 31;
    const s = await runNet({ ...o, randomSeed });
    onRun(i, s);
    if (s.joinFailed > 0 || s.falseDeadReports.peers > 0) failedRuns++;
    runs.push({ randomSeed, peers: s.peers, links: s.links, alpha: s.fit?.alpha ?? null, sigma: s.fit?.sigma ?? null, xmin: s.fit?.xmin ?? null, nTail: s.fit?.nTail ?? null });
  }
  const alphas = runs.map((r) => r.alpha).filter((a): a is number => a !== null);
  const mean = alphas.length ? alphas.reduce((a, b) => a + b, 0) / alphas.length : null;
  const sd = alphas.length > 1 && mean !== null ? Math.sqrt(alphas.reduce((s, a) => s + (a - mean) ** 2, 0) / (alphas.length - 1)) : null;
  return { repeat: o.repeat, runs, alpha: { n: alphas.length, mean, sd }, predicted: { alpha: predictedAlpha(o.neighbours), source: PREDICTED_ALPHA_SOURCE }, failedRuns };
}

/** The repeat summary as lines. */
export function formatRepeat(r: RepeatSummary): string {
  const f = (x: number | null, d = 3): string => (x === null ? '-' : x.toFixed(d));
  const lines = ['run  seed        peers  links  alpha ± sigma      x_min  tail'];
  r.runs.forEach((x, i) => {
    lines.push(`${String(i + 1).padEnd(4)} ${String(x.randomSeed).padEnd(11)} ${String(x.peers).padEnd(6)} ${String(x.links).padEnd(6)} ${`${f(x.alpha)} ± ${f(x.sigma)}`.padEnd(18)} ${String(x.xmin ?? '-').padEnd(6)} ${x.nTail ?? '-'}`);
  });
  lines.push(
    `alpha over ${r.alpha.n} networks: mean ${f(r.alpha.mean)}, sd ${f(r.alpha.sd)} (the spread between networks; each fit's sigma is its own)`,
    `predicted    ${r.predicted.alpha.toFixed(3)} for m = ${Math.round(1 / (r.predicted.alpha - 3))} (${r.predicted.source}; finite networks approach it from below)`,
  );
  return lines.join('\n');
}
