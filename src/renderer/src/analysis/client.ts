/**
 * The page's side of the analysis worker: starts jobs by id, hands their progress to a callback,
 * cancels them, and resolves each with its outcome. It talks to an {@link AnalysisPort}: the Web
 * Worker of ./worker.ts, or — when a worker cannot start (a browser that refuses it) — the same
 * handler run in the page, so the analysis still works there (it yields every ~25 ms).
 */
import { createAnalysisHandler } from './jobs';
import type { AnalyseResult, AnalysisJob, AnalysisReply, AnalysisRequest, RepeatResult } from './protocol';

/** A two-way message channel to a job handler. */
export interface AnalysisPort {
  post(request: AnalysisRequest): void;
  /** Replies arrive here. */
  onReply(listener: (reply: AnalysisReply) => void): void;
  /** The other side failed (a worker's `error` event), in words. */
  onError(listener: (message: string) => void): void;
  close(): void;
}

/** How a job ended. */
export type JobOutcome<R> = { status: 'done'; result: R } | { status: 'cancelled'; done: number } | { status: 'failed'; error: string };

/** The result type of a job kind. */
export type ResultOf<J extends AnalysisJob> = J extends { type: 'analyse' } ? AnalyseResult : RepeatResult;

/** A started job: its outcome, and how to cancel it. */
export interface RunningJob<R> {
  id: number;
  outcome: Promise<JobOutcome<R>>;
  /** Asks the handler to stop; the outcome then resolves `cancelled` (or `done` if it had finished). */
  cancel(): void;
}

/**
 * A port to {@link createAnalysisHandler} in this thread. Messages cross asynchronously, as with a
 * worker (but without copying). Used when no worker can start, and by tests.
 */
export function localPort(): AnalysisPort {
  const listeners: Array<(reply: AnalysisReply) => void> = [];
  let closed = false;
  const handle = createAnalysisHandler((reply) => {
    if (!closed) setTimeout(() => listeners.forEach((l) => l(reply)), 0);
  });
  setTimeout(() => !closed && listeners.forEach((l) => l({ type: 'ready' })), 0);
  return {
    post: (request) => void setTimeout(() => !closed && void handle(request), 0),
    onReply: (l) => void listeners.push(l),
    onError: () => {},
    close: () => {
      closed = true;
    },
  };
}

/** The part of a Web Worker used here (typed here: the Node-side typecheck of the tests has no DOM). */
export interface WorkerLike {
  postMessage(request: AnalysisRequest): void;
  addEventListener(type: 'message', listener: (e: { data: AnalysisReply }) => void): void;
  addEventListener(type: 'error', listener: (e: { message?: string; preventDefault?: () => void }) => void): void;
  terminate(): void;
}

/** The page's `Worker` constructor (a module-local name for the global, typed as {@link WorkerLike}). */
declare const Worker: new (url: URL, options: { type: 'module'; name: string }) => WorkerLike;

/** A port to a Web Worker. */
export function workerPort(worker: WorkerLike): AnalysisPort {
  return {
    post: (request) => worker.postMessage(request),
    onReply: (l) => worker.addEventListener('message', (e) => l(e.data)),
    onError: (l) =>
      worker.addEventListener('error', (e) => {
        e.preventDefault?.();
        l(e.message || 'the analysis worker failed to start');
      }),
    close: () => worker.terminate(),
  };
}

/** Starts the analysis Web Worker (vite bundles ./worker.ts as its own script). */
export function startAnalysisWorker(): AnalysisPort {
  return workerPort(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'gossip-lab-analysis' }));
}

interface Pending {
  request: AnalysisRequest;
  onProgress: (done: number, total: number) => void;
  resolve: (o: JobOutcome<AnalyseResult | RepeatResult>) => void;
}

/**
 * Runs analysis jobs on a port, started lazily on the first job. If the port fails before it said
 * `ready` (or cannot be made at all), the jobs move to `fallback` and {@link where} says `page`.
 */
export class AnalysisClient {
  private port: AnalysisPort | null = null;
  private ready = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Where jobs run: in a worker, or in the page (the worker could not start; `why` says why). */
  where: { in: 'worker' } | { in: 'page'; why: string } = { in: 'worker' };

  /**
   * @param start makes the port jobs normally run on (default: the Web Worker)
   * @param fallback makes the port used when `start` fails before `ready` (default: in the page)
   */
  constructor(
    private readonly start: () => AnalysisPort = startAnalysisWorker,
    private readonly fallback: () => AnalysisPort = localPort,
  ) {}

  /** Starts `job`; `onProgress` sees (done, total) now and then while it runs. */
  run<J extends AnalysisJob>(job: J, onProgress: (done: number, total: number) => void = () => {}): RunningJob<ResultOf<J>> {
    const id = this.nextId++;
    const request = { ...job, id } as AnalysisRequest;
    const outcome = new Promise<JobOutcome<AnalyseResult | RepeatResult>>((resolve) => this.pending.set(id, { request, onProgress, resolve }));
    this.connect().post(request);
    return { id, outcome: outcome as Promise<JobOutcome<ResultOf<J>>>, cancel: () => this.port?.post({ type: 'cancel', id }) };
  }

  /** Stops the worker; jobs still running resolve `cancelled`. */
  dispose(): void {
    this.port?.close();
    this.port = null;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve({ status: 'cancelled', done: 0 });
    }
  }

  private connect(): AnalysisPort {
    if (this.port) return this.port;
    try {
      this.port = this.attach(this.start(), true);
    } catch (e) {
      this.useFallback(e instanceof Error ? e.message : String(e));
    }
    return this.port as AnalysisPort;
  }

  private attach(port: AnalysisPort, primary: boolean): AnalysisPort {
    port.onReply((reply) => this.port === port && this.receive(reply));
    port.onError((message) => {
      if (this.port !== port) return;
      if (primary && !this.ready) {
        port.close();
        this.useFallback(message);
        for (const p of this.pending.values()) this.port?.post(p.request);
      } else this.failAll(`the analysis stopped: ${message}`);
    });
    return port;
  }

  private useFallback(why: string): void {
    this.where = { in: 'page', why };
    this.port = this.attach(this.fallback(), false);
  }

  private failAll(error: string): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve({ status: 'failed', error });
    }
  }

  private receive(reply: AnalysisReply): void {
    if (reply.type === 'ready') {
      this.ready = true;
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') {
      p.onProgress(reply.done, reply.total);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === 'result') p.resolve({ status: 'done', result: reply.result });
    else if (reply.type === 'cancelled') p.resolve({ status: 'cancelled', done: reply.done });
    else p.resolve({ status: 'failed', error: reply.error });
  }
}
