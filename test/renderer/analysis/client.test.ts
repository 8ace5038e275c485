/**
 * The page's side (src/renderer/src/analysis/client.ts) and the worker's script itself
 * (worker.ts, loaded here with a stand-in for the worker's global scope): jobs by id, progress,
 * cancel, the in-page fallback when a worker cannot start or fails before it is ready, and
 * `failed` for every job when it dies after.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalysisPort } from '../../../src/renderer/src/analysis/client';
import { AnalysisClient, localPort } from '../../../src/renderer/src/analysis/client';
import type { AnalysisReply, AnalysisRequest } from '../../../src/renderer/src/analysis/protocol';

const DEGREES = [1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 12, 20, 1, 2, 1, 3];

/** A port that never answers and can be made to fail. */
function deadPort(): AnalysisPort & { fail(message: string): void; posted: AnalysisRequest[]; closed: boolean } {
  let onError: (m: string) => void = () => {};
  const port = {
    posted: [] as AnalysisRequest[],
    closed: false,
    post: (r: AnalysisRequest) => void port.posted.push(r),
    onReply: () => {},
    onError: (l: (m: string) => void) => void (onError = l),
    close: () => void (port.closed = true),
    fail: (m: string) => onError(m),
  };
  return port;
}

describe('AnalysisClient', () => {
  it('runs a job: progress, then its result; where = worker', async () => {
    const client = new AnalysisClient(localPort);
    const seen: Array<[number, number]> = [];
    const job = client.run({ type: 'analyse', degrees: DEGREES, sets: 25, seed: 3 }, (d, t) => seen.push([d, t]));
    const outcome = await job.outcome;
    expect(outcome.status).toBe('done');
    expect(seen.at(-1)).toEqual([25, 25]);
    if (outcome.status === 'done') expect(outcome.result.bootstrap.seed).toBe(3);
    expect(client.where).toEqual({ in: 'worker' });
    client.dispose();
  });

  it('cancel: the outcome is `cancelled` with the sets done', async () => {
    const client = new AnalysisClient(localPort);
    let job: ReturnType<AnalysisClient['run']> | null = null;
    const progressed = new Promise<void>((resolve) => {
      job = client.run({ type: 'analyse', degrees: DEGREES, sets: 100_000, seed: 1 }, () => resolve());
    });
    await progressed;
    job!.cancel();
    const outcome = await job!.outcome;
    expect(outcome.status).toBe('cancelled');
    if (outcome.status === 'cancelled') expect(outcome.done).toBeGreaterThan(0);
    client.dispose();
  });

  it('a worker that fails before `ready` hands its jobs to the page; where says why', async () => {
    const dead = deadPort();
    const client = new AnalysisClient(() => dead);
    const job = client.run({ type: 'repeat', peers: 50, m: 2, repeat: 2, seed: 1 });
    expect(dead.posted).toHaveLength(1);
    dead.fail('Script at file:///…/worker.js cannot be accessed');
    expect(dead.closed).toBe(true);
    expect(client.where).toEqual({ in: 'page', why: 'Script at file:///…/worker.js cannot be accessed' });
    const outcome = await job.outcome;
    expect(outcome.status).toBe('done');
    client.dispose();
  });

  it('a worker that cannot even be made: the page runs the jobs', async () => {
    const client = new AnalysisClient(() => {
      throw new Error('Worker is not defined');
    });
    const outcome = await client.run({ type: 'analyse', degrees: DEGREES, sets: 5, seed: 1 }).outcome;
    expect(outcome.status).toBe('done');
    expect(client.where).toEqual({ in: 'page', why: 'Worker is not defined' });
  });

  it('a worker that dies after `ready` fails the jobs it had, in words', async () => {
    const dead = deadPort();
    let reply: (r: AnalysisReply) => void = () => {};
    dead.onReply = (l) => void (reply = l);
    const client = new AnalysisClient(() => dead);
    const job = client.run({ type: 'analyse', degrees: DEGREES, sets: 5, seed: 1 });
    reply({ type: 'ready' });
    dead.fail('out of memory');
    expect(await job.outcome).toEqual({ status: 'failed', error: 'the analysis stopped: out of memory' });
  });

  it('dispose: jobs still running resolve `cancelled`', async () => {
    const client = new AnalysisClient(() => deadPort());
    const job = client.run({ type: 'analyse', degrees: DEGREES, sets: 5, seed: 1 });
    client.dispose();
    expect(await job.outcome).toEqual({ status: 'cancelled', done: 0 });
  });
});

describe('the worker script (worker.ts) in a stand-in worker scope', () => {
  const g = globalThis as unknown as { postMessage?: unknown; addEventListener?: unknown };
  const saved = { postMessage: g.postMessage, addEventListener: g.addEventListener };
  afterEach(() => {
    g.postMessage = saved.postMessage;
    g.addEventListener = saved.addEventListener;
    vi.resetModules();
  });

  it('says ready, answers a job with progress and its result, and cancels', async () => {
    const posted: AnalysisReply[] = [];
    let listener: (e: { data: AnalysisRequest }) => void = () => {};
    g.postMessage = (m: AnalysisReply) => posted.push(m);
    g.addEventListener = (type: string, l: typeof listener) => {
      if (type === 'message') listener = l;
    };
    await import('../../../src/renderer/src/analysis/worker');
    expect(posted).toEqual([{ type: 'ready' }]);
    const waitFor = (test: (r: AnalysisReply) => boolean): Promise<void> =>
      vi.waitFor(() => expect(posted.some(test)).toBe(true), { timeout: 20_000, interval: 20 });

    listener({ data: { type: 'analyse', id: 1, degrees: DEGREES, sets: 10, seed: 4 } });
    await waitFor((r) => r.type === 'result' && r.id === 1);
    expect(posted.filter((r) => r.type === 'progress' && r.id === 1).at(-1)).toEqual({ type: 'progress', id: 1, done: 10, total: 10 });

    listener({ data: { type: 'analyse', id: 2, degrees: DEGREES, sets: 100_000, seed: 4 } });
    await waitFor((r) => r.type === 'progress' && r.id === 2);
    listener({ data: { type: 'cancel', id: 2 } });
    await waitFor((r) => r.type === 'cancelled' && r.id === 2);
    expect(posted.some((r) => r.type === 'result' && r.id === 2)).toBe(false);
  });
});
