/**
 * Export the CCDF with its fit: as PNG (drawn here, offscreen: the empirical CCDF, the fitted power
 * law and the predicted exponent's line) or as CSV (degree, empirical P(X ≥ x), fitted P, written
 * by the host from its own degrees) — through `exportDegrees` with `chart: 'ccdf'`, the histogram
 * export's save path.
 */
import { useState } from 'react';
import type { CommandResults } from '../../../shared/types';
import type { PredictedSeries } from '../charts/ccdfPredicted';
import { renderCcdfPng } from '../charts/exportCcdfPng';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';

type ExportResult = CommandResults['exportDegrees'];

const describe = (r: ExportResult): string => (r.canceled ? 'Export canceled' : `Saved to ${r.path}`);

/**
 * The two CCDF export buttons and the outcome of the last one (`data-testid="ccdf-export-path"`).
 * @param predicted the predicted exponent's line drawn on the chart, drawn in the PNG too
 */
export function CcdfExport({ predicted }: { predicted: PredictedSeries | null }) {
  const { run, busy } = useCommand('exportDegrees', 'Export CCDF', describe);
  const [last, setLast] = useState<string | null>(null);

  const finish = (r: Awaited<ReturnType<typeof run>>): void => {
    setLast(r.ok ? (r.result.canceled ? 'canceled' : r.result.path) : null);
  };
  const exportPng = (): void => {
    const { report } = useLabStore.getState();
    let png: string;
    try {
      png = renderCcdfPng(report, predicted);
    } catch (err) {
      useLabStore.getState().addNotice('error', `Export CCDF PNG failed: could not draw the chart (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    void run({ format: 'png', png, scope: report.scope, chart: 'ccdf' }).then(finish);
  };
  const exportCsv = (): void => {
    void run({ format: 'csv', scope: useLabStore.getState().report.scope, chart: 'ccdf' }).then(finish);
  };

  return (
    <div className="export">
      <div className="row">
        <button type="button" className="btn" data-testid="export-ccdf-png" disabled={busy} onClick={exportPng} title="The CCDF with the fitted and the predicted power law, as a 1200×800 PNG">
          CCDF PNG
        </button>
        <button type="button" className="btn" data-testid="export-ccdf-csv" disabled={busy} onClick={exportCsv} title="degree, empirical P(X ≥ x), fitted P(X ≥ x) rows, with the fit in # comments">
          CCDF CSV
        </button>
        {busy && <span className="hint">saving…</span>}
      </div>
      {last !== null && (
        <p className="export-path" title={last} data-testid="ccdf-export-path">
          {last === 'canceled' ? 'canceled' : <>saved: <code>{last}</code></>}
        </p>
      )}
    </div>
  );
}
