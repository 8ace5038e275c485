/**
 * The power-law analysis under the degree panel's fit (Clauset, Shalizi & Newman 2009, §4–5): the
 * exponent the attachment rule predicts (DMS 2000), the bootstrap goodness-of-fit p-value with
 * progress and Cancel, the likelihood-ratio table and the verdict — run in a Web Worker — and the
 * spread of α over repeated networks (./RepeatControls.tsx).
 */
import { useState, type FormEvent } from 'react';
import type { DegreeReport, TopologySummary } from '../../../shared/types';
import type { Predicted } from '../analysis/predicted';
import { predictedText } from '../analysis/predicted';
import type { AnalyseRequest } from '../analysis/protocol';
import { DEFAULT_SETS, MAX_SETS } from '../analysis/protocol';
import { useAnalysisJob } from '../analysis/useAnalysisJob';
import { AnalysisResults } from './AnalysisResults';
import { Field } from './Field';
import { JobProgress, parseWhole } from './jobControls';
import { RepeatControls } from './RepeatControls';

const SETS_TIP =
  'Synthetic data sets of the bootstrap (Clauset, Shalizi & Newman 2009, §4.1). p is the share of sets whose KS distance is at least the data’s; ' +
  'its Monte-Carlo error is √(p(1 − p)/sets) ≤ 1/(2√sets), so p to about ±0.01 takes about 2,500 sets (1,000 sets: ±0.016).';

/** A fresh seed to show in the field (the run is reproduced by typing it again). */
const freshSeed = (): string => String(Math.floor(Math.random() * 1_000_000));

/** The predicted exponent under the fit summary (`data-testid="predicted-alpha"`), with its source in the tooltip. */
export function PredictedAlpha({ predicted }: { predicted: Predicted | null }) {
  if (predicted === null) return null;
  return (
    <p className="predicted" data-testid="predicted-alpha" data-alpha={predicted.alpha} title={predicted.source}>
      {predictedText(predicted)}
    </p>
  );
}

/**
 * The analysis controls and results.
 * @param report the live peers' degree report (the panel's)
 * @param topology an opened edge list, offered as the data to analyse instead
 * @param m the peers' neighbour count (the Timing setting; null before the first snapshot)
 * @param predicted the prediction for m (null: none applies, e.g. the live peers were wired from a file)
 */
export function AnalysisSection({ report, topology, m, predicted }: { report: DegreeReport; topology: TopologySummary | null; m: number | null; predicted: Predicted | null }) {
  const [sets, setSets] = useState(String(DEFAULT_SETS));
  const [seed, setSeed] = useState(freshSeed);
  const [source, setSource] = useState<'live' | 'topology'>('live');
  const [errors, setErrors] = useState<{ sets?: string; seed?: string }>({});
  /** What the last run analysed, in words. */
  const [analysed, setAnalysed] = useState('');
  const job = useAnalysisJob<Omit<AnalyseRequest, 'id'>>();
  const useTopology = source === 'topology' && topology !== null;
  const data = useTopology ? { label: topology.name, degrees: topology.degrees, fit: topology.fit } : { label: 'live peers', degrees: report.degrees, fit: report.fit };
  const running = job.state.status === 'running';

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (running) return;
    const s = parseWhole(sets, 'sets', 1, MAX_SETS);
    const r = parseWhole(seed, 'seed', 0, 2 ** 31 - 1);
    setErrors({ sets: s.ok ? undefined : s.error, seed: r.ok ? undefined : r.error });
    if (!s.ok || !r.ok) return;
    setAnalysed(`${data.label}, n = ${data.degrees.filter((d) => d > 0).length} with degree ≥ 1, at ${new Date().toLocaleTimeString()}`);
    job.start({ type: 'analyse', degrees: [...data.degrees], sets: s.value, seed: r.value }, s.value);
  };

  return (
    <div className="analysis" data-testid="analysis">
      <h3>Is it a power law? <span className="hint">(Clauset, Shalizi &amp; Newman 2009)</span></h3>
      <form className="control" onSubmit={submit}>
        {topology && (
          <label className="field">
            <span className="field-label">data</span>
            <select data-testid="analysis-data" value={source} onChange={(e) => setSource(e.target.value as 'live' | 'topology')} disabled={running}>
              <option value="live">live peers ({report.degrees.length})</option>
              <option value="topology">
                {topology.name} ({topology.degrees.length})
              </option>
            </select>
          </label>
        )}
        <div className="row bottom wrap">
          <Field label="synthetic sets" value={sets} onValue={setSets} testId="analysis-sets" type="number" min={1} max={MAX_SETS} title={SETS_TIP} error={errors.sets} className="grow" />
          <Field label="random seed" value={seed} onValue={setSeed} testId="analysis-seed" type="number" min={0} title="The same seed, data and sets give the same p" error={errors.seed} className="grow" />
          {running ? (
            <button type="button" className="btn danger" data-testid="analysis-cancel" onClick={job.cancel}>
              Cancel
            </button>
          ) : (
            <button type="submit" className="btn primary" data-testid="analyse" disabled={data.fit === null} title={data.fit === null ? 'nothing to fit yet' : `bootstrap p-value and likelihood ratios of the ${data.label}' fit`}>
              Analyse
            </button>
          )}
        </div>
      </form>
      <JobProgress state={job.state} unit="sets" testId="analysis-progress" />
      {job.state.status === 'failed' && (
        <p className="error-text" data-testid="analysis-error">
          Analysis failed: {job.state.error}
        </p>
      )}
      {job.state.status === 'done' && (
        <>
          <p className="hint" data-testid="analysis-of">
            of the {analysed}
          </p>
          <AnalysisResults result={job.state.result} />
        </>
      )}
      <RepeatControls report={report} m={m} predicted={predicted} seed={seed} />
    </div>
  );
}
