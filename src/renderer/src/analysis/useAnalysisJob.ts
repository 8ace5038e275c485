/**
 * A React hook over the page's one {@link AnalysisClient}: start a job, see its progress, cancel
 * it, read its outcome. A job still running when its component unmounts is cancelled.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { AnalysisClient } from './client';
import type { ResultOf, RunningJob } from './client';
import type { AnalysisJob } from './protocol';

/** A job's state as a control shows it. */
export type JobState<R> =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number }
  | { status: 'done'; result: R; done: number; total: number }
  | { status: 'cancelled'; done: number; total: number }
  | { status: 'failed'; error: string };

let client: AnalysisClient | null = null;

/** The page's analysis client (its worker starts with the first job). */
export function analysisClient(): AnalysisClient {
  client ??= new AnalysisClient();
  return client;
}

/** What {@link useAnalysisJob} returns. */
export interface AnalysisJobControl<J extends AnalysisJob> {
  state: JobState<ResultOf<J>>;
  start(job: J, total: number): void;
  cancel(): void;
}

/**
 * One job at a time of one kind: `start` (cancelling the one before), `cancel`, and its state.
 * @param total of `start`: what progress counts to, shown until the first progress message
 */
export function useAnalysisJob<J extends AnalysisJob>(): AnalysisJobControl<J> {
  const [state, setState] = useState<JobState<ResultOf<J>>>({ status: 'idle' });
  const current = useRef<RunningJob<ResultOf<J>> | null>(null);

  useEffect(() => () => current.current?.cancel(), []);

  const start = useCallback((job: J, total: number) => {
    current.current?.cancel();
    let last = { done: 0, total };
    setState({ status: 'running', ...last });
    const running = analysisClient().run(job, (done, t) => {
      last = { done, total: t };
      if (current.current === running) setState({ status: 'running', ...last });
    });
    current.current = running;
    void running.outcome.then((o) => {
      if (current.current !== running) return;
      current.current = null;
      if (o.status === 'done') setState({ status: 'done', result: o.result, ...last });
      else if (o.status === 'cancelled') setState({ status: 'cancelled', done: o.done, total: last.total });
      else setState({ status: 'failed', error: o.error });
    });
  }, []);

  const cancel = useCallback(() => current.current?.cancel(), []);
  return { state, start, cancel };
}
