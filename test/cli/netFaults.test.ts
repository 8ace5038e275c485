/**
 * `gossip-lab net` with faults and repeats, as real OS processes: `--churn` kills peers and the
 * summary's `faults` object accounts for each one (detected or not), with the swim detector;
 * `--repeat R` builds R networks with consecutive random seeds, and the first of them is the
 * network a single run with that seed builds (same fit); bad fault options exit 2 naming the
 * option. No assertion on timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { exitWithin, killAll, run } from '../helpers/processes';

afterEach(async () => killAll());

/** Runs the CLI to its end; its exit and output. */
async function cli(name: string, args: string[], ms = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = run(name, args);
  const { code } = await exitWithin(p, ms);
  return { code, stdout: p.stdout, stderr: p.stderr };
}

const QUIET = ['--shards', '0', '--duration', '0', '--gossip-count', '0'];

describe('net with faults', () => {
  it('--churn kills a share of the peers; the faults summary accounts for every one (swim)', { timeout: 180_000 }, async () => {
    const r = await cli('churn', ['net', '--shards', '0', '--peers', '20', '--detector', 'swim', '--churn', '0.25@1', '--duration', '6', '--liveness-interval', '500', '--gossip-interval', '500', '--gossip-count', '100', '--random-seed', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { peers: number; faults: { detector: string; killed: number; detection: { n: number }; undetected: number; components: number } };
    expect(s.faults.detector).toBe('swim');
    expect(s.faults.killed).toBe(5);
    expect(s.peers).toBe(15);
    expect(s.faults.detection.n + s.faults.undetected).toBe(5);
    expect(s.faults.components).toBeGreaterThanOrEqual(1);
  });

  it('--repeat R: R networks with seeds S, S+1, …; alpha mean ± sd over them; the first is the single run with seed S', { timeout: 180_000 }, async () => {
    const r = await cli('repeat', ['net', ...QUIET, '--peers', '60', '--repeat', '3', '--random-seed', '4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { runs: Array<{ randomSeed: number; alpha: number | null }>; alpha: { n: number; mean: number; sd: number }; predicted: { alpha: number } };
    expect(s.runs.map((x) => x.randomSeed)).toEqual([4, 5, 6]);
    const alphas = s.runs.map((x) => x.alpha).filter((a): a is number => a !== null);
    expect(s.alpha.n).toBe(alphas.length);
    expect(s.alpha.mean).toBeCloseTo(alphas.reduce((a, b) => a + b, 0) / alphas.length, 10);
    expect(s.predicted.alpha).toBe(3.5);
    const one = await cli('single', ['net', ...QUIET, '--peers', '60', '--random-seed', '4', '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { fit: { alpha: number } | null }).fit?.alpha ?? null).toBe(s.runs[0]!.alpha);
  });

  it('bad fault options exit 2 naming the option', { timeout: 60_000 }, async () => {
    for (const [args, why] of [
      [['--loss', '1.5'], /--loss.*not a probability/],
      [['--delay', 'fast'], /--delay.*not a delay/],
      [['--churn', '2'], /--churn.*not a churn/],
      [['--detector', 'oracle'], /--detector.*oracle/],
    ] as const) {
      const r = await cli('bad', ['net', ...QUIET, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(why);
    }
  });
});
