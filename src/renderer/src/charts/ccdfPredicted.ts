/**
 * The predicted exponent's reference line on the CCDF charts (the panel's and the exported PNG):
 * a dashed straight line of slope −(α_pred − 1) on log-log axes, anchored at the fit's x_min
 * (../analysis/predicted.ts computes it; Dorogovtsev, Mendes & Samukhin 2000).
 */
import type { XY } from './degreeData';

/** The predicted line and the α it draws. */
export interface PredictedSeries {
  alpha: number;
  line: XY[];
}

/** Colour of the predicted line (a green apart from the fit's amber and the comparison's violet/pink). */
export const PREDICTED_COLOR = '#34d399';

/** `predicted α 3.50` — the line's legend label. */
export function predictedLabel(alpha: number): string {
  return `predicted α ${alpha.toFixed(2)}`;
}

/** The chart.js dataset of the predicted line. */
export function predictedDataset(p: PredictedSeries) {
  return {
    label: predictedLabel(p.alpha),
    data: p.line,
    showLine: true,
    borderColor: PREDICTED_COLOR,
    backgroundColor: PREDICTED_COLOR,
    borderWidth: 2,
    borderDash: [6, 4],
    pointRadius: 0,
  };
}
