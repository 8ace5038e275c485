/**
 * Where the plots panel takes its data: the live run, or a replay. The module-level API the
 * record/replay code calls:
 *
 * ```ts
 * import { RunSeries } from '../plots/series';
 * import { setPlotSource } from '../plots/source';
 * const series = new RunSeries();
 * series.applySnapshot(t0, recordedSnapshot);            // the nodes and links at the start, if any
 * for (const { t, batch } of recording) series.apply(t, batch); // t: ms since epoch, ascending
 * setPlotSource(series, cursorMs);   // show the replay as it was at the cursor (ms since epoch)
 * setPlotSource(series, null);       // … or all of it
 * setPlotSource('live', null);       // back to the live run (the replay ended or was closed)
 * ```
 *
 * `setPlotSource` may be called at every cursor move: it only notifies the panel, which redraws
 * from `series.view(cursorMs)` (at most one redraw a frame). A replay may also build its series
 * as it plays (apply, then setPlotSource with the new cursor). The live series is fed by
 * main.tsx: every event batch stamped with `Date.now()`, and every snapshot.
 */
import type { Snapshot, UiEvent } from '../../../shared/types';
import { RunSeries } from './series';

/** What the panel shows: the live series, or a replay's series at its cursor. */
export interface PlotSource {
  series: RunSeries;
  /** True for the live run. */
  live: boolean;
  /** The instant to show, ms since epoch (null: everything the series has). */
  cursorMs: number | null;
  /** Grows with every change of the source or of the live series' data. */
  version: number;
}

/** The live run's series (fed by {@link feedLiveBatch} and {@link feedLiveSnapshot}). */
export const liveSeries = new RunSeries();

let current: PlotSource = { series: liveSeries, live: true, cursorMs: null, version: 0 };
const listeners = new Set<() => void>();

function changed(next: Omit<PlotSource, 'version'>): void {
  current = { ...next, version: current.version + 1 };
  for (const l of listeners) l();
}

/**
 * Shows `series` at `cursorMs` (ms since epoch; null: all of it) in the plots panel, or the live
 * run (`'live'`, the cursor ignored).
 */
export function setPlotSource(series: RunSeries | 'live', cursorMs: number | null): void {
  if (series === 'live' || series === liveSeries) changed({ series: liveSeries, live: true, cursorMs: null });
  else changed({ series, live: false, cursorMs });
}

/** The source shown now (a new object after every change: usable with useSyncExternalStore). */
export function getPlotSource(): PlotSource {
  return current;
}

/** Calls `listener` after every change of the source or of the live data; returns the unsubscribe. */
export function subscribePlotSource(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Feeds a live event batch, seen at `t` (default now, ms since epoch). */
export function feedLiveBatch(batch: readonly UiEvent[], t: number = Date.now()): void {
  liveSeries.apply(t, batch);
  if (current.live) changed(current);
}

/** Feeds a live snapshot (the first, and after each reconnect), seen at `t` (default now). */
export function feedLiveSnapshot(snapshot: Pick<Snapshot, 'nodes' | 'links'>, t: number = Date.now()): void {
  liveSeries.applySnapshot(t, snapshot);
  if (current.live) changed(current);
}
