/** Degree distribution of the live peers: histogram, log-log CCDF with the power-law fit, fit summary, export. */
import { useLabStore } from '../store';
import { fitSummary } from '../charts/degreeData';
import { CcdfChart } from './CcdfChart';
import { DegreeHistogram } from './DegreeHistogram';
import { ExportButtons } from './ExportButtons';
import { Section } from './Section';

/** The degree panel; updates live with each `degrees` event. */
export function DegreePanel() {
  const report = useLabStore((s) => s.report);
  const peers = report.degrees.length;
  return (
    <Section title="Degree distribution" className="degree-panel" actions={<span className="count">{peers} peers</span>}>
      <DegreeHistogram report={report} />
      <CcdfChart report={report} />
      <p className={`fit-summary ${report.fit === null ? 'muted' : ''}`} data-testid="fit-summary">
        {fitSummary(report.fit)}
      </p>
      <ExportButtons />
    </Section>
  );
}
