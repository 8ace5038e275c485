/**
 * The plots over time, under the graph: a collapsible panel with one tab per plot (coverage,
 * rates, peers & links, α, detection), each with a one-line summary and PNG/CSV export. Shows the
 * live run, or a replay at its cursor (plots/source.ts). Tabs follow the WAI-ARIA tabs pattern:
 * one tab stop, arrows/Home/End move between tabs.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { CommandResults, PlotName } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { PLOT_TABS, PLOT_TITLES, type AlphaAxis } from '../plots/chartConfig';
import { plotCsv } from '../plots/csv';
import { renderPlotPng } from '../plots/png';
import { getPlotSource } from '../plots/source';
import type { PlotData } from '../plots/series';
import { plotSummary } from '../plots/summary';
import { usePlotData } from '../plots/usePlotData';
import { PlotChart } from './PlotChart';

type ExportResult = CommandResults['exportPlot'];
const describe = (r: ExportResult): string => (r.canceled ? 'Export canceled' : `Saved to ${r.path}`);

/** The plots panel (`data-testid="plots-panel"`), collapsed at first. */
export function PlotsPanel() {
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<PlotName>('coverage');
  const [alphaAxis, setAlphaAxis] = useState<AlphaAxis>('peers');
  const { data, live } = usePlotData(open);
  const tabs = useRef(new Map<PlotName, HTMLButtonElement>());

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const i = PLOT_TABS.findIndex(([n]) => n === tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: PLOT_TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = PLOT_TABS[(to + PLOT_TABS.length) % PLOT_TABS.length]![0];
    setTab(next);
    tabs.current.get(next)?.focus();
  };

  return (
    <section className={`section plots-panel ${open ? 'open' : ''}`} data-testid="plots-panel">
      <header className="section-head">
        <h2>
          <button type="button" className="plots-toggle" aria-expanded={open} aria-controls="plots-body" data-testid="plots-toggle" onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> Plots over time
          </button>
        </h2>
        <span className="count" data-testid="plots-source">{live ? 'live' : 'replay'}</span>
      </header>
      {open && (
        <div id="plots-body" className="plots-body">
          <div role="tablist" aria-label="Plots over time" className="plot-tabs">
            {PLOT_TABS.map(([name, label]) => (
              <button
                key={name}
                ref={(el) => void (el ? tabs.current.set(name, el) : tabs.current.delete(name))}
                type="button"
                role="tab"
                id={`plot-tab-${name}`}
                aria-selected={tab === name}
                aria-controls="plot-tabpanel"
                tabIndex={tab === name ? 0 : -1}
                className="plot-tab"
                data-testid={`plot-tab-${name}`}
                title={PLOT_TITLES[name]}
                onClick={() => setTab(name)}
                onKeyDown={onTabKey}
              >
                {label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="plot-tabpanel" aria-labelledby={`plot-tab-${tab}`} className="plot-tabpanel">
            <PlotChart name={tab} data={data} alphaAxis={alphaAxis} />
            <div className="plot-foot">
              <p className="plot-summary" data-testid="plot-summary" aria-live="polite">
                {plotSummary(tab, data)}
              </p>
              {tab === 'alpha' && (
                <label className="plot-axis">
                  x:{' '}
                  <select value={alphaAxis} onChange={(e) => setAlphaAxis(e.target.value as AlphaAxis)} data-testid="alpha-axis">
                    <option value="peers">peers</option>
                    <option value="time">time</option>
                  </select>
                </label>
              )}
              <PlotExport name={tab} alphaAxis={alphaAxis} />
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** The source's data now (not the panel's last redraw). */
function freshData(): PlotData {
  const s = getPlotSource();
  return s.series.view(s.cursorMs ?? undefined);
}

/** Export PNG (drawn here, offscreen) and CSV (the plot's data) of one plot, through the host. */
function PlotExport({ name, alphaAxis }: { name: PlotName; alphaAxis: AlphaAxis }) {
  const { run, busy } = useCommand('exportPlot', 'Export plot', describe);
  const [last, setLast] = useState<string | null>(null);
  const finish = (r: Awaited<ReturnType<typeof run>>): void => setLast(r.ok ? (r.result.canceled ? 'canceled' : r.result.path) : null);
  const exportPng = (): void => {
    let png: string;
    try {
      png = renderPlotPng(name, freshData(), alphaAxis);
    } catch (err) {
      useLabStore.getState().addNotice('error', `Export PNG failed: could not draw the plot (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    void run({ plot: name, format: 'png', png }).then(finish);
  };
  return (
    <div className="plot-export">
      <button type="button" className="btn small" data-testid="plot-export-png" disabled={busy} onClick={exportPng} title={`${PLOT_TITLES[name]} as a 1200×800 PNG`}>
        PNG
      </button>
      <button type="button" className="btn small" data-testid="plot-export-csv" disabled={busy} onClick={() => void run({ plot: name, format: 'csv', csv: plotCsv(name, freshData()) }).then(finish)} title={`${PLOT_TITLES[name]}: its data as CSV`}>
        CSV
      </button>
      {last !== null && (
        <span className="export-path" data-testid="plot-export-path" title={last}>
          {last === 'canceled' ? 'canceled' : <>saved: <code>{last}</code></>}
        </span>
      )}
    </div>
  );
}
