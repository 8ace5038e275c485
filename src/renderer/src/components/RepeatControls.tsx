/**
 * "Repeat": how much α varies from one network to the next — the spread a single fit's σ does not
 * show (issue 11 measured 1.5–2.5× σ between runs). R networks of the live peer count are grown in
 * the analysis worker by the peers' own neighbour choice (core/peer/neighbourChoice.ts), each is
 * fitted, and α's mean ± sd is shown beside the single fit's σ and the predicted α (DMS 2000).
 * They are grown by the rule, not run as socket networks (`gossip-lab net --repeat R` does that).
 */
import { useState, type FormEvent } from 'react';
import type { DegreeReport } from '../../../shared/types';
import type { Predicted } from '../analysis/predicted';
import type { RepeatRequest, RepeatResult } from '../analysis/protocol';
import { DEFAULT_REPEAT, MAX_GROWN_PEERS, MAX_REPEAT } from '../analysis/protocol';
import { useAnalysisJob } from '../analysis/useAnalysisJob';
import { Field } from './Field';
import { JobProgress, parseWhole } from './jobControls';

const f = (x: number | null, d = 2): string => (x === null ? '–' : x.toFixed(d));

/** The repeat's answer in words (`data-testid="repeat-result"`). */
function RepeatSummary({ result, report, predicted }: { result: RepeatResult; report: DegreeReport; predicted: Predicted | null }) {
  const { n, mean, sd } = result.alpha;
  return (
    <div className="repeat-result" data-testid="repeat-result" data-n={n} data-mean={mean ?? ''} data-sd={sd ?? ''}>
      <p className="fit-summary">
        α = {f(mean)} ± {f(sd)} <span className="fit-label">(mean ± sd over {n} of {result.runs.length} networks of {result.peers} peers)</span>
      </p>
      <p className="hint">
        Grown in this page’s analysis worker by the peers’ attachment rule (∝ degree + 1, m = {result.m}, seeds {result.runs[0]?.seed}…
        {result.runs[result.runs.length - 1]?.seed}) — not socket networks; <code>gossip-lab net --repeat {result.runs.length}</code> runs real ones.
      </p>
      <p className="hint">
        Beside it: this network’s single fit {report.fit ? `α = ${f(report.fit.alpha)} ± ${f(report.fit.sigma)} (σ of that one fit)` : 'has no fit'}
        {predicted ? `; predicted ${f(predicted.alpha)} (finite networks approach it from below)` : ''}.
        {sd !== null && report.fit ? ` The spread between networks is ${(sd / report.fit.sigma).toFixed(1)}× that σ.` : ''}
      </p>
    </div>
  );
}

/**
 * The Repeat form, its progress and its answer.
 * @param m the peers' neighbour count (the Timing setting), or null before the first snapshot
 * @param seed the analysis seed field's text (network i is grown with seed + i)
 */
export function RepeatControls({ report, m, predicted, seed }: { report: DegreeReport; m: number | null; predicted: Predicted | null; seed: string }) {
  const [repeat, setRepeat] = useState(String(DEFAULT_REPEAT));
  const [error, setError] = useState<string | undefined>(undefined);
  const job = useAnalysisJob<Omit<RepeatRequest, 'id'>>();
  const peers = report.degrees.length;
  const running = job.state.status === 'running';
  const why = m === null ? 'the peers’ m is not known yet' : peers < 2 ? 'needs at least 2 live peers' : peers > MAX_GROWN_PEERS ? `at most ${MAX_GROWN_PEERS} peers` : null;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (running || why !== null || m === null) return;
    const r = parseWhole(repeat, 'networks', 1, MAX_REPEAT);
    const s = parseWhole(seed, 'seed', 0, 2 ** 31 - 1);
    setError(r.ok ? (s.ok ? undefined : s.error) : r.error);
    if (!r.ok || !s.ok) return;
    job.start({ type: 'repeat', peers, m, repeat: r.value, seed: s.value }, r.value);
  };

  return (
    <div className="repeat">
      <h3>Spread over networks</h3>
      <form className="row bottom wrap" onSubmit={submit}>
        <Field label="networks R" value={repeat} onValue={setRepeat} testId="repeat-count" type="number" min={1} max={MAX_REPEAT} error={error} className="grow" />
        {running ? (
          <button type="button" className="btn danger" data-testid="repeat-cancel" onClick={job.cancel}>
            Cancel
          </button>
        ) : (
          <button
            type="submit"
            className="btn"
            data-testid="repeat"
            disabled={why !== null}
            title={why ?? `grow R networks of ${peers} peers by the peers’ rule (m = ${m}) in the worker, fit each: α mean ± sd`}
          >
            Repeat
          </button>
        )}
      </form>
      <JobProgress state={job.state} unit="networks" testId="repeat-progress" />
      {job.state.status === 'failed' && (
        <p className="error-text" data-testid="repeat-error">
          Repeat failed: {job.state.error}
        </p>
      )}
      {job.state.status === 'done' && <RepeatSummary result={job.state.result} report={report} predicted={predicted} />}
    </div>
  );
}
