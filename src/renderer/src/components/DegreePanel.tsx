/**
 * Degree distribution of the live peers of the chosen scope (local, remote or both): histogram,
 * log-log CCDF with the power-law fit, fit summary labelled with the scope, export; with an
 * opened edge list, its CCDF, fit and summary beside the live ones.
 */
import { useLabStore } from '../store';
import { SCOPE_LABEL, fitSummary, tailWarning } from '../charts/degreeData';
import type { PowerLawFit } from '../../../shared/types';
import { CcdfChart } from './CcdfChart';
import { DegreeHistogram } from './DegreeHistogram';
import { DegreeScopeControl } from './DegreeScopeControl';
import { Section } from './Section';
import { usePredicted } from '../analysis/usePredicted';
import { AnalysisSection, PredictedAlpha } from './AnalysisSection';
import { CcdfExport, ExportButtons } from './ExportButtons';

/** The degree panel; updates live with each `degrees` event. */
export function DegreePanel() {
  const report = useLabStore((s) => s.report);
  const topology = useLabStore((s) => s.topology);
  const peers = report.degrees.length;
  // the exponent the peers' attachment rule predicts (none when they were wired from a file)
  const predicted = usePredicted(report);
  return (
    <Section title="Degree distribution" className="degree-panel" actions={<span className="count">{peers} peers</span>}>
      <DegreeScopeControl />
      <DegreeHistogram report={report} />
      <CcdfChart report={report} compare={topology} predicted={predicted.series} />
      <p className={`fit-summary ${report.fit === null ? 'muted' : ''}`} data-testid="fit-summary">
        <span className="fit-label" data-testid="fit-scope">{SCOPE_LABEL[report.scope]}: </span>
        {fitSummary(report.fit)}
      </p>
      <TailWarning fit={report.fit} testId="fit-warning" />
      <PredictedAlpha predicted={predicted.predicted} />
      {topology && (
        <p className={`fit-summary compare ${topology.fit === null ? 'muted' : ''}`} data-testid="topology-fit-summary">
          <span className="fit-label">{topology.name}: </span>
          {fitSummary(topology.fit)}
        </p>
      )}
      {topology && <TailWarning fit={topology.fit} testId="topology-fit-warning" />}
      <ExportButtons />
      <CcdfExport predicted={predicted.series} />
      <AnalysisSection report={report} topology={topology} m={predicted.m} predicted={predicted.predicted} />
    </Section>
  );
}

/** The small-tail warning under a fit summary, or nothing when the tail is big enough. */
function TailWarning({ fit, testId }: { fit: PowerLawFit | null; testId: string }) {
  const text = tailWarning(fit);
  if (text === null) return null;
  return (
    <p className="fit-warning" role="note" data-testid={testId}>
      ⚠ {text}
    </p>
  );
}
