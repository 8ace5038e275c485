/**
 * Each plot's data as CSV text, for `exportPlot`: a header row, then one row per point, numbers
 * in plain decimal (seconds to the ms, fractions to 4 places). Columns:
 * - coverage: `series,message,origin,t_s,coverage,reached,peers` — series `message` (t since its
 *   creation) or `median` (message, origin, reached and peers empty);
 * - traffic: `t_s,messages_per_s,frames_per_s,receipts_per_s`;
 * - population: `t_s,peers,links`;
 * - alpha: `t_s,peers,alpha,sigma`;
 * - detection: `node,stage,by,at_ms,since_crash_s` (since its first event when the crash was not seen).
 */
import type { PlotName } from '../../../shared/types';
import type { PlotData } from './series';

const s3 = (x: number): string => String(Math.round(x * 1000) / 1000);
const f4 = (x: number): string => String(Math.round(x * 10000) / 10000);
/** A CSV cell, quoted when it holds a comma, a quote or a line break. */
export function cell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV text of plot `name` (ends with a newline). */
export function plotCsv(name: PlotName, d: PlotData): string {
  const rows: string[][] = [];
  switch (name) {
    case 'coverage':
      rows.push(['series', 'message', 'origin', 't_s', 'coverage', 'reached', 'peers']);
      for (const m of d.coverage.messages) for (const p of m.points) rows.push(['message', m.id, m.origin, s3(p.x), f4(p.y), String(p.reached), String(p.peers)]);
      for (const p of d.coverage.median) rows.push(['median', '', '', s3(p.x), f4(p.y), '', '']);
      break;
    case 'traffic':
      rows.push(['t_s', 'messages_per_s', 'frames_per_s', 'receipts_per_s']);
      d.traffic.messages.forEach((p, i) => rows.push([s3(p.x), String(p.y), String(d.traffic.frames[i]?.y ?? ''), String(d.traffic.receipts[i]?.y ?? '')]));
      break;
    case 'population':
      rows.push(['t_s', 'peers', 'links']);
      d.population.peers.forEach((p, i) => rows.push([s3(p.x), String(p.y), String(d.population.links[i]?.y ?? '')]));
      break;
    case 'alpha':
      rows.push(['t_s', 'peers', 'alpha', 'sigma']);
      for (const p of d.alpha) rows.push([s3(p.x), String(p.peers), f4(p.alpha), f4(p.sigma)]);
      break;
    case 'detection':
      rows.push(['node', 'stage', 'by', 'at_ms', 'since_crash_s']);
      for (const r of d.detection) for (const e of r.events) rows.push([r.node, e.stage, e.by, String(e.at), s3(e.dtS)]);
      break;
  }
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
