/**
 * Export the degree histogram as PNG (drawn here, offscreen) or the degree sequence as CSV (by the
 * host), both of the degree scope the panel shows.
 */
import { useState } from 'react';
import type { CommandResults } from '../../../shared/types';
import { renderDegreePng } from '../charts/exportPng';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';

type ExportResult = CommandResults['exportDegrees'];

const describe = (r: ExportResult): string => (r.canceled ? 'Export canceled' : `Saved to ${r.path}`);

/** The two export buttons and the outcome of the last export. */
export function ExportButtons() {
  const { run, busy } = useCommand('exportDegrees', 'Export', describe);
  const [last, setLast] = useState<string | null>(null);

  const finish = (r: Awaited<ReturnType<typeof run>>): void => {
    setLast(r.ok ? (r.result.canceled ? 'canceled' : r.result.path) : null);
  };
  const exportPng = (): void => {
    const { report } = useLabStore.getState();
    let png: string;
    try {
      png = renderDegreePng(report);
    } catch (err) {
      useLabStore.getState().addNotice('error', `Export PNG failed: could not draw the chart (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    // the scope drawn names the file, whatever the host's is by the time it saves
    void run({ format: 'png', png, scope: report.scope }).then(finish);
  };

  return (
    <div className="export">
      <div className="row">
        <button type="button" className="btn" data-testid="export-png" disabled={busy} onClick={exportPng} title="Histogram as a 1200×800 PNG">
          Export PNG
        </button>
        <button type="button" className="btn" data-testid="export-csv" disabled={busy} onClick={() => void run({ format: 'csv', scope: useLabStore.getState().report.scope }).then(finish)} title="peer,degree rows">
          Export CSV
        </button>
        {busy && <span className="hint">saving…</span>}
      </div>
      {last !== null && (
        <p className="export-path" title={last}>
          {last === 'canceled' ? 'canceled' : <>saved: <code>{last}</code></>}
        </p>
      )}
    </div>
  );
}
