/**
 * One line of text under each plot saying what it shows now, in the field's terms — also what a
 * screen reader gets instead of the chart.
 */
import type { PlotName } from '../../../shared/types';
import type { PlotData } from './series';

const s1 = (x: number): string => `${x.toFixed(1)} s`;

/** The summary line of plot `name`. */
export function plotSummary(name: PlotName, d: PlotData): string {
  switch (name) {
    case 'coverage': {
      const n = d.coverage.messages.length;
      if (n === 0) return 'no message yet';
      const full = d.coverage.median.find((p) => p.y >= 1);
      const top = d.coverage.median.reduce((m, p) => Math.max(m, p.y), 0);
      const reach = full ? `median reaches full coverage at ${s1(full.x)}` : `median coverage up to ${top.toFixed(2)}`;
      return `${n} message${n === 1 ? '' : 's'} · ${reach}`;
    }
    case 'traffic': {
      const i = d.traffic.frames.length - 1;
      if (i < 0) return 'no reading yet';
      return `now ${d.traffic.messages[i]!.y} messages/s · ${d.traffic.frames[i]!.y} frames/s · ${d.traffic.receipts[i]!.y} receipts/s`;
    }
    case 'population': {
      const i = d.population.peers.length - 1;
      if (i < 0) return 'no peers yet';
      return `now ${d.population.peers[i]!.y} live peers · ${d.population.links[i]!.y} links`;
    }
    case 'alpha': {
      const p = d.alpha[d.alpha.length - 1];
      return p ? `now α = ${p.alpha.toFixed(2)} ± ${p.sigma.toFixed(2)} at ${p.peers} peers (${d.alpha.length} fits)` : 'no fit yet';
    }
    case 'detection': {
      const n = d.detection.length;
      if (n === 0) return 'no crashed node yet';
      const done = d.detection.filter((r) => r.events.some((e) => e.stage === 'removed'));
      const times = done.map((r) => r.events.find((e) => e.stage === 'removed')!.dtS);
      const mean = times.length > 0 ? ` · removed after ${s1(times.reduce((a, b) => a + b, 0) / times.length)} on average` : '';
      return `${n} crashed node${n === 1 ? '' : 's'} · ${done.length} removed${mean}`;
    }
  }
}
