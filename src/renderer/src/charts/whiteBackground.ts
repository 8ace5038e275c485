/** The exported pictures' background: chart.js draws on a transparent canvas. */
import type { ChartType, Plugin } from 'chart.js';

/** A chart.js plugin that paints the whole canvas white before anything else is drawn (for PNG exports). */
export function whiteBackground<T extends ChartType>(): Plugin<T> {
  return {
    id: 'whiteBackground',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}
