/**
 * The degree panel's exports, through `exportDegrees`, of the degree scope the panel shows: the
 * histogram as PNG (drawn here, offscreen) or the degree sequence as CSV (by the host); and the
 * CCDF with its fit as PNG (the empirical CCDF, the fitted power law and the predicted exponent's
 * line) or as CSV (degree, empirical P(X ≥ x), fitted P, written by the host from its own degrees).
 */
import { useState } from 'react';
import type { CommandResults, DegreeReport } from '../../../shared/types';
import type { PredictedSeries } from '../charts/ccdfPredicted';
import { renderCcdfPng } from '../charts/exportCcdfPng';
import { renderDegreePng } from '../charts/exportPng';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';

type ExportResult = CommandResults['exportDegrees'];

const describe = (r: ExportResult): string => (r.canceled ? 'Export canceled' : `Saved to ${r.path}`);

/** What one pair of export buttons saves and how its buttons read. */
interface ExportPairProps {
  /** What `exportDegrees` saves: the histogram (and the degree sequence), or the CCDF. */
  chart: 'histogram' | 'ccdf';
  /** The action's name in notices ("Export", "Export CCDF"). */
  action: string;
  /** Draws the PNG of a report (base64, no `data:` prefix). */
  render: (report: DegreeReport) => string;
  png: { label: string; title: string; testId: string };
  csv: { label: string; title: string; testId: string };
  /** `data-testid` of the outcome line. */
  pathTestId?: string;
}

/** Two export buttons (PNG, CSV) and the outcome of the last one. */
function ExportPair({ chart, action, render, png, csv, pathTestId }: ExportPairProps) {
  const { run, busy } = useCommand('exportDegrees', action, describe);
  const [last, setLast] = useState<string | null>(null);
  const which = chart === 'ccdf' ? { chart } : {};

  const finish = (r: Awaited<ReturnType<typeof run>>): void => {
    setLast(r.ok ? (r.result.canceled ? 'canceled' : r.result.path) : null);
  };
  const exportPng = (): void => {
    const { report } = useLabStore.getState();
    let data: string;
    try {
      data = render(report);
    } catch (err) {
      useLabStore.getState().addNotice('error', `${action} PNG failed: could not draw the chart (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    // the scope drawn names the file, whatever the host's is by the time it saves
    void run({ format: 'png', png: data, scope: report.scope, ...which }).then(finish);
  };
  const exportCsv = (): void => {
    void run({ format: 'csv', scope: useLabStore.getState().report.scope, ...which }).then(finish);
  };

  return (
    <div className="export">
      <div className="row">
        <button type="button" className="btn" data-testid={png.testId} disabled={busy} onClick={exportPng} title={png.title}>
          {png.label}
        </button>
        <button type="button" className="btn" data-testid={csv.testId} disabled={busy} onClick={exportCsv} title={csv.title}>
          {csv.label}
        </button>
        {busy && <span className="hint">saving…</span>}
      </div>
      {last !== null && (
        <p className="export-path" title={last} data-testid={pathTestId}>
          {last === 'canceled' ? 'canceled' : <>saved: <code>{last}</code></>}
        </p>
      )}
    </div>
  );
}

/** The histogram's export buttons: PNG of the histogram, CSV of the degree sequence. */
export function ExportButtons() {
  return (
    <ExportPair
      chart="histogram"
      action="Export"
      render={renderDegreePng}
      png={{ label: 'Export PNG', title: 'Histogram as a 1200×800 PNG', testId: 'export-png' }}
      csv={{ label: 'Export CSV', title: 'peer,degree rows', testId: 'export-csv' }}
    />
  );
}

/**
 * The CCDF's export buttons and the outcome of the last one (`data-testid="ccdf-export-path"`).
 * @param predicted the predicted exponent's line drawn on the chart, drawn in the PNG too
 */
export function CcdfExport({ predicted }: { predicted: PredictedSeries | null }) {
  return (
    <ExportPair
      chart="ccdf"
      action="Export CCDF"
      render={(report) => renderCcdfPng(report, predicted)}
      png={{ label: 'CCDF PNG', title: 'The CCDF with the fitted and the predicted power law, as a 1200×800 PNG', testId: 'export-ccdf-png' }}
      csv={{ label: 'CCDF CSV', title: 'degree, empirical P(X ≥ x), fitted P(X ≥ x) rows, with the fit in # comments', testId: 'export-ccdf-csv' }}
      pathTestId="ccdf-export-path"
    />
  );
}
