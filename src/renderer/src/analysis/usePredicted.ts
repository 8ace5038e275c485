/**
 * The predicted exponent for the degree panel: m from the Timing setting (PeerTiming.neighbours,
 * what each joining peer links to), none when the live peers were wired from an edge list (they
 * did not grow by the rule), and the CCDF reference line anchored at the fit's x_min.
 */
import { useMemo } from 'react';
import type { DegreeReport } from '../../../shared/types';
import { useLabStore } from '../store';
import type { PredictedSeries } from '../charts/ccdfPredicted';
import type { Predicted } from './predicted';
import { predictedFor, predictedLine } from './predicted';

/** What {@link usePredicted} gives the degree panel. */
export interface PredictedView {
  /** The peers' m (null before the first snapshot). */
  m: number | null;
  /** The prediction, or null when none applies. */
  predicted: Predicted | null;
  /** The reference line for the CCDF charts (null without a fit or a prediction). */
  series: PredictedSeries | null;
}

/** The prediction for `report` (see the module comment). */
export function usePredicted(report: Pick<DegreeReport, 'fit' | 'fitLine' | 'ccdf'>): PredictedView {
  const m = useLabStore((s) => s.timing?.neighbours ?? null);
  const wiredFromFile = useLabStore((s) => s.topologyStart?.peers.some((id) => id !== null && s.nodes.has(id)) ?? false);
  return useMemo(() => {
    const predicted = wiredFromFile ? null : predictedFor(m);
    const line = predicted ? predictedLine(report, predicted.alpha) : [];
    return { m, predicted, series: predicted && line.length > 0 ? { alpha: predicted.alpha, line } : null };
  }, [m, wiredFromFile, report]);
}
