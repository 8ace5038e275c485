/**
 * The analysis worker's jobs and message handler (src/renderer/src/analysis/jobs.ts), running the
 * real core analysis: the message protocol (progress, then exactly one of result / cancelled /
 * failed), cancel, the same seed giving the same p, and the app's p-value and likelihood ratios
 * for the shared power-law fixtures against their independent `reference` (../shared/README.md's
 * tolerances: p ±0.05 with ≥ 1,000 sets; R ±1 % or ±0.05; Vuong ±0.02; p ±0.01).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseDegrees, checkRequest, createAnalysisHandler, meanSd, progressEvery, repeatNetworks } from '../../../src/renderer/src/analysis/jobs';
import type { AnalyseResult, AnalysisReply, AnalysisRequest, RepeatResult } from '../../../src/renderer/src/analysis/protocol';
import { MAX_SETS } from '../../../src/renderer/src/analysis/protocol';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/powerlaw/', import.meta.url));
interface Compare { R: number; vuong: number; p_two_sided: number }
interface Fixture { degrees: number[]; reference: { gof: { p: number; sims: number }; compare: Record<'lognormal' | 'exponential', Compare> } }
const fixture = (name: string): Fixture => JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Fixture;

/** A handler whose replies are collected; `until` resolves when a reply matches. */
function harness() {
  const replies: AnalysisReply[] = [];
  const waiters: Array<{ test: (r: AnalysisReply) => boolean; resolve: (r: AnalysisReply) => void }> = [];
  const handle = createAnalysisHandler((r) => {
    replies.push(r);
    for (const w of waiters.splice(0)) {
      if (w.test(r)) w.resolve(r);
      else waiters.push(w);
    }
  });
  const until = (test: (r: AnalysisReply) => boolean): Promise<AnalysisReply> =>
    new Promise((resolve) => {
      const seen = replies.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  return { replies, handle, until, of: (id: number) => replies.filter((r) => 'id' in r && r.id === id) };
}

const ba = fixture('ba-n1000-m2-seed1');

describe('the message protocol', () => {
  it('analyse: progress rising to sets/sets, then one result with the bootstrap, the three tests and the verdict', async () => {
    const h = harness();
    await h.handle({ type: 'analyse', id: 1, degrees: ba.degrees, sets: 40, seed: 7 });
    const mine = h.of(1);
    const progress = mine.filter((r): r is Extract<AnalysisReply, { type: 'progress' }> => r.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.total === 40)).toBe(true);
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(dones[dones.length - 1]).toBe(40);
    const last = mine[mine.length - 1]!;
    expect(last.type).toBe('result');
    expect(mine.filter((r) => r.type !== 'progress')).toHaveLength(1);
    const result = (last as Extract<AnalysisReply, { type: 'result' }>).result as AnalyseResult;
    expect(result.kind).toBe('analyse');
    expect(result.bootstrap).toMatchObject({ sets: 40, seed: 7 });
    expect(result.tests.map((t) => t.alternative).sort()).toEqual(['exponential', 'lognormal', 'stretched exponential']);
    expect(result.verdict.lines[0]).toMatch(/^power law: (plausible|ruled out) \(p = /);
  });

  it('progress comes at most ~200 times a job, and always with its last step', async () => {
    expect(progressEvery(40)).toBe(1);
    expect(progressEvery(1000)).toBe(5);
    const h = harness();
    await h.handle({ type: 'repeat', id: 3, peers: 30, m: 2, repeat: 3, seed: 1 });
    expect(h.of(3).map((r) => (r.type === 'progress' ? r.done : r.type))).toEqual([1, 2, 3, 'result']);
  });

  it('the same seed gives the same p and distances; another seed other distances', async () => {
    const run = async (seed: number): Promise<AnalyseResult> => {
      const h = harness();
      await h.handle({ type: 'analyse', id: 1, degrees: ba.degrees, sets: 30, seed });
      return (h.of(1).find((r) => r.type === 'result') as Extract<AnalysisReply, { type: 'result' }>).result as AnalyseResult;
    };
    const [a, b, c] = [await run(42), await run(42), await run(43)];
    expect(b.bootstrap).toEqual(a.bootstrap);
    expect(c.bootstrap.syntheticD).not.toEqual(a.bootstrap.syntheticD);
  });

  it('cancel: a long job stops between two sets and answers `cancelled` with the sets done, not a result', async () => {
    const h = harness();
    const job = h.handle({ type: 'analyse', id: 5, degrees: ba.degrees, sets: MAX_SETS, seed: 1 });
    await h.until((r) => r.type === 'progress' && r.id === 5);
    await h.handle({ type: 'cancel', id: 5 });
    await job;
    const end = h.of(5).filter((r) => r.type !== 'progress');
    expect(end).toHaveLength(1);
    expect(end[0]!.type).toBe('cancelled');
    const done = (end[0] as Extract<AnalysisReply, { type: 'cancelled' }>).done;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(MAX_SETS);
  });

  it('two jobs side by side; cancelling one leaves the other to finish', async () => {
    const h = harness();
    const long = h.handle({ type: 'repeat', id: 1, peers: 300, m: 2, repeat: 1000, seed: 1 });
    const short = h.handle({ type: 'analyse', id: 2, degrees: ba.degrees, sets: 20, seed: 1 });
    await h.until((r) => r.type === 'progress' && r.id === 1);
    await h.handle({ type: 'cancel', id: 1 });
    await Promise.all([long, short]);
    expect(h.of(1).at(-1)!.type).toBe('cancelled');
    expect(h.of(2).at(-1)!.type).toBe('result');
  });

  it('cancelling an unknown or finished job does nothing', async () => {
    const h = harness();
    await h.handle({ type: 'cancel', id: 99 });
    expect(h.replies).toEqual([]);
  });

  it('bad requests and data with nothing to fit answer `failed` in words', async () => {
    const h = harness();
    const bad: AnalysisRequest[] = [
      { type: 'analyse', id: 1, degrees: [1, 2, 3], sets: 0, seed: 1 },
      { type: 'analyse', id: 2, degrees: [1, -2, 3], sets: 5, seed: 1 },
      { type: 'analyse', id: 3, degrees: [1, 2, 3], sets: 5, seed: 1.5 },
      { type: 'repeat', id: 4, peers: 1, m: 2, repeat: 3, seed: 1 },
      { type: 'repeat', id: 5, peers: 10, m: 0, repeat: 3, seed: 1 },
      { type: 'analyse', id: 6, degrees: [4, 4, 4], sets: 5, seed: 1 },
    ];
    for (const r of bad) await h.handle(r);
    const errors = h.replies.map((r) => (r.type === 'failed' ? r.error : r.type));
    expect(errors).toEqual([
      `the number of sets must be a whole number from 1 to ${MAX_SETS}`,
      'the degrees must be whole numbers ≥ 0',
      'the seed must be a whole number',
      'a grown network needs 2 to 20000 peers',
      'm must be a whole number from 1 to 50',
      'fewer than two distinct positive degrees: nothing to fit',
    ]);
    expect(checkRequest({ type: 'analyse', id: 1, degrees: [1, 2], sets: 10, seed: 0 })).toBeNull();
  });
});

describe('the app’s analysis against the fixtures’ independent reference (R poweRlaw)', () => {
  it.each(['ba-n1000-m2-seed1', 'pl-alpha2.5-xmin1-n2000-seed7'])('%s: p within ±0.05 with 1,000 sets; likelihood ratios within tolerance', async (name) => {
    const f = fixture(name);
    const r = await analyseDegrees({ degrees: f.degrees, sets: 1000, seed: 2009 });
    expect(r.bootstrap.sets).toBe(1000);
    expect(Math.abs(r.bootstrap.p - f.reference.gof.p)).toBeLessThanOrEqual(0.05);
    for (const alt of ['lognormal', 'exponential'] as const) {
      const t = r.tests.find((x) => x.alternative === alt)!;
      const ref = f.reference.compare[alt];
      expect(Math.abs(t.R - ref.R)).toBeLessThanOrEqual(Math.abs(ref.R) < 5 ? 0.05 : 0.01 * Math.abs(ref.R));
      expect(Math.abs(t.statistic - ref.vuong)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(t.p - ref.p_two_sided)).toBeLessThanOrEqual(0.01);
    }
  });

  it('the Gnutella graph: the power law is ruled out (p = 0 < 0.1), support none', async () => {
    const r = await analyseDegrees({ degrees: fixture('gnutella08-undirected').degrees, sets: 50, seed: 1 });
    expect(r.bootstrap.p).toBe(0);
    expect(r.verdict.goodnessOfFit).toBe('ruled out');
    expect(r.verdict.support).toBe('none');
    expect(r.verdict.lines[0]).toBe('power law: ruled out (p = 0.000 < 0.1)');
  });
});

describe('repeatNetworks', () => {
  it('grows R networks with seeds S, S + 1, …; α mean ± sd over them; the same seed repeats it', async () => {
    const a: RepeatResult = await repeatNetworks({ peers: 300, m: 2, repeat: 4, seed: 10 });
    expect(a.runs.map((r) => r.seed)).toEqual([10, 11, 12, 13]);
    expect(a.runs.every((r) => r.links === 1 + 2 * (300 - 2))).toBe(true); // peer 2 links to 1, the rest to 2
    const alphas = a.runs.map((r) => r.alpha!);
    expect(a.alpha).toEqual(meanSd(alphas));
    expect(a.alpha.n).toBe(4);
    expect(a.alpha.sd!).toBeGreaterThan(0);
    expect(await repeatNetworks({ peers: 300, m: 2, repeat: 4, seed: 10 })).toEqual(a);
  });

  it('meanSd: the sample standard deviation (n − 1); nulls when too few', () => {
    expect(meanSd([])).toEqual({ n: 0, mean: null, sd: null });
    expect(meanSd([3])).toEqual({ n: 1, mean: 3, sd: null });
    expect(meanSd([2, 4, 4, 4, 5, 5, 7, 9]).sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
});
