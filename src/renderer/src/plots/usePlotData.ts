/**
 * The plots panel's data: the current plot source's view (plots/source.ts), recomputed when the
 * source changes — at most every {@link LIVE_REFRESH_MS} for the live run, at the next frame for
 * a replay's cursor — and only while `active` (the panel is open).
 */
import { useEffect, useState } from 'react';
import { getPlotSource, subscribePlotSource } from './source';
import { emptyPlotData, type PlotData } from './series';

/** Least time between two redraws of the live plots, ms. */
export const LIVE_REFRESH_MS = 500;

/** The data shown and whether it is the live run. */
export interface PlotView {
  data: PlotData;
  live: boolean;
}

/** The view of the current plot source, kept up to date while `active`. */
export function usePlotData(active: boolean): PlotView {
  const [view, setView] = useState<PlotView>(() => ({ data: emptyPlotData(), live: getPlotSource().live }));
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const recompute = (): void => {
      timer = null;
      const s = getPlotSource();
      setView({ data: s.series.view(s.cursorMs ?? undefined), live: s.live });
    };
    recompute();
    const unsubscribe = subscribePlotSource(() => {
      if (timer !== null) return;
      timer = setTimeout(recompute, getPlotSource().live ? LIVE_REFRESH_MS : 16);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [active]);
  return view;
}
