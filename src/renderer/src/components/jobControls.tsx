/** Pieces the analysis controls share: a whole-number field's parse, and a job's progress bar. */
import { analysisClient } from '../analysis/useAnalysisJob';
import type { JobState } from '../analysis/useAnalysisJob';
import { parseNumber } from '../util/parse';

/** Why a whole-number field is wrong, or its value. */
export function parseWhole(text: string, what: string, min: number, max: number): { ok: true; value: number } | { ok: false; error: string } {
  const n = parseNumber(text, what);
  if (!n.ok) return n;
  if (!Number.isInteger(n.value)) return { ok: false, error: `${what} must be a whole number` };
  if (n.value < min || n.value > max) return { ok: false, error: `${what} must be from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}` };
  return n;
}

/** A progress bar with `done/total unit` beside it, kept when the job ends (`data-testid`: `<testId>`, with data-done/data-total/data-status). */
export function JobProgress({ state, unit, testId }: { state: JobState<unknown>; unit: string; testId: string }) {
  if (state.status !== 'running' && state.status !== 'cancelled' && state.status !== 'done') return null;
  const where = analysisClient().where;
  return (
    <div className="job-progress" data-testid={testId} data-done={state.done} data-total={state.total} data-status={state.status}>
      <progress value={state.done} max={state.total} aria-label={`${unit} done`} />
      <span className="hint">
        {state.status === 'cancelled' ? 'cancelled after ' : ''}
        {state.done.toLocaleString('en')}/{state.total.toLocaleString('en')} {unit}
        {state.status === 'done' ? ' done' : ''}
        {where.in === 'page' ? ' (in the page: the worker could not start)' : ''}
      </span>
    </div>
  );
}

