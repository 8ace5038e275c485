/**
 * The chart.js configuration of each plot over time, for the panel (dark theme, fitted to its box)
 * and for the PNG export (light theme, 1200×800): labelled axes with units, one dataset per series,
 * shapes as well as colours telling the detection stages apart. All charts are scatter charts
 * (lines where `showLine`), on linear axes.
 */
import type { ChartData, ChartDataset, ChartOptions } from 'chart.js';
import type { PlotName } from '../../../shared/types';
import { DETECTION_STAGES, type DetectionStage } from './detection';
import type { PlotData, XY } from './series';

/** Colours and text sizes of one rendering. */
export interface PlotTheme {
  ink: string;
  muted: string;
  grid: string;
  /** Per series: blue, amber, green, pink, violet, red. */
  colors: readonly [string, string, string, string, string, string];
  /** The thin per-message coverage curves. */
  faint: string;
  font: number;
  titleFont: number;
}

/** On the dark panel (every colour ≥ 4.5:1 on its #0e1528 background). */
export const SCREEN_THEME: PlotTheme = {
  ink: '#c9d5e6',
  muted: '#9fb0c8',
  grid: '#243049',
  colors: ['#4ea1ff', '#f5b942', '#34d399', '#f472b6', '#b48cf7', '#f87171'],
  faint: 'rgba(159, 176, 200, 0.35)',
  font: 11,
  titleFont: 12,
};

/** In the exported PNG (white background). */
export const PNG_THEME: PlotTheme = {
  ink: '#1f2937',
  muted: '#4b5563',
  grid: '#e5e7eb',
  colors: ['#1d4ed8', '#b45309', '#047857', '#be185d', '#6d28d9', '#b91c1c'],
  faint: 'rgba(75, 85, 99, 0.3)',
  font: 16,
  titleFont: 20,
};

/** Each plot's title (the tab's name is shorter: {@link PLOT_TABS}). */
export const PLOT_TITLES: Record<PlotName, string> = {
  coverage: 'Coverage of each message since its creation',
  traffic: 'Messages and gossip frames per second',
  population: 'Live peers and links',
  alpha: 'Power-law exponent α as the network grows',
  detection: 'Detection of crashed nodes',
};

/** The tabs, in order: plot and label. */
export const PLOT_TABS: ReadonlyArray<readonly [PlotName, string]> = [
  ['coverage', 'Coverage'],
  ['traffic', 'Rates'],
  ['population', 'Peers & links'],
  ['alpha', 'α'],
  ['detection', 'Detection'],
];

/** Per-message coverage curves drawn at most (the newest; the CSV has all of them). */
export const MAX_DRAWN_CURVES = 40;

/** How the α plot's x axis counts: peers measured, or time. */
export type AlphaAxis = 'peers' | 'time';

const STAGE_LABEL: Record<DetectionStage, string> = {
  crash: 'crash',
  miss: 'liveness miss',
  suspect: 'suspicion',
  'dead-report': 'dead report',
  'seed-removal': 'removed by a seed',
  removed: 'removed from the drawing',
};
/** Each stage's vertical offset within its node's row, so stages seen in the same batch do not hide each other. */
const STAGE_OFFSET: Record<DetectionStage, number> = { crash: 0, miss: -0.24, suspect: -0.12, 'dead-report': 0.12, 'seed-removal': 0.24, removed: 0 };
const STAGE_STYLE: Record<DetectionStage, 'crossRot' | 'circle' | 'triangle' | 'rectRot' | 'rect' | 'star'> = {
  crash: 'crossRot',
  miss: 'circle',
  suspect: 'triangle',
  'dead-report': 'rectRot',
  'seed-removal': 'rect',
  removed: 'star',
};

type Data = ChartData<'scatter', XY[]>;
type Dataset = ChartDataset<'scatter', XY[]>;

const line = (label: string, data: XY[], color: string, extra: Partial<Dataset> = {}): Dataset => ({
  label,
  data,
  showLine: true,
  borderColor: color,
  backgroundColor: color,
  borderWidth: 2,
  pointRadius: 0,
  pointHitRadius: 6,
  ...extra,
});

/** The datasets of plot `name`. */
export function plotDatasets(name: PlotName, d: PlotData, theme: PlotTheme, alphaAxis: AlphaAxis = 'peers'): Data {
  const [blue, amber, green, pink, violet, red] = theme.colors;
  switch (name) {
    case 'coverage': {
      const curves = d.coverage.messages.slice(-MAX_DRAWN_CURVES);
      return {
        datasets: [
          ...curves.map((c, i) => line(i === 0 ? `messages (${d.coverage.messages.length})` : '', c.points, theme.faint, { borderWidth: 1, stepped: 'before' })),
          line('median', d.coverage.median, amber, { borderWidth: 3 }),
        ],
      };
    }
    case 'traffic':
      return {
        datasets: [
          line('frames / s', d.traffic.frames, blue),
          line('receipts / s', d.traffic.receipts, green),
          line('messages / s', d.traffic.messages, amber, { yAxisID: 'y1' }),
        ],
      };
    case 'population':
      return { datasets: [line('peers', d.population.peers, blue, { stepped: 'before' }), line('links', d.population.links, violet, { stepped: 'before' })] };
    case 'alpha': {
      const x = (p: PlotData['alpha'][number]): number => (alphaAxis === 'peers' ? p.peers : p.x);
      const pts = d.alpha.map((p) => ({ x: x(p), y: p.alpha }));
      return {
        datasets: [
          line('α + σ', d.alpha.map((p) => ({ x: x(p), y: p.alpha + p.sigma })), theme.faint, { borderWidth: 1 }),
          line('α − σ', d.alpha.map((p) => ({ x: x(p), y: p.alpha - p.sigma })), theme.faint, { borderWidth: 1, fill: '-1', backgroundColor: theme.faint }),
          line('α', pts, pink, { pointRadius: 2 }),
        ],
      };
    }
    case 'detection': {
      const colors: Record<DetectionStage, string> = { crash: red, miss: amber, suspect: violet, 'dead-report': pink, 'seed-removal': blue, removed: green };
      return {
        datasets: DETECTION_STAGES.map((stage) => ({
          label: STAGE_LABEL[stage],
          data: d.detection.flatMap((r, row) => r.events.filter((e) => e.stage === stage).map((e) => ({ x: e.dtS, y: row + STAGE_OFFSET[stage] }))),
          pointStyle: STAGE_STYLE[stage],
          pointRadius: 5,
          pointHoverRadius: 7,
          borderColor: colors[stage],
          backgroundColor: colors[stage],
          borderWidth: 2,
        })),
      };
    }
  }
}

/** The axis titles of plot `name`: x, y (and the right-hand y of the rates). */
export function axisTitles(name: PlotName, alphaAxis: AlphaAxis = 'peers'): { x: string; y: string; y1?: string } {
  switch (name) {
    case 'coverage':
      return { x: 'time since the message was created (s)', y: 'coverage (fraction of live peers)' };
    case 'traffic':
      return { x: 'time since the run started (s)', y: 'frames, receipts per second (1/s)', y1: 'messages per second (1/s)' };
    case 'population':
      return { x: 'time since the run started (s)', y: 'count (peers, links)' };
    case 'alpha':
      return { x: alphaAxis === 'peers' ? 'peers measured' : 'time since the run started (s)', y: 'α (power-law exponent)' };
    case 'detection':
      return { x: 'time since the crash (s)', y: 'crashed node' };
  }
}

/** The options of plot `name`; `fixedSize` for an offscreen PNG (no resizing, title shown). */
export function plotOptions(name: PlotName, d: PlotData, theme: PlotTheme, alphaAxis: AlphaAxis = 'peers', fixedSize = false): ChartOptions<'scatter'> {
  const t = axisTitles(name, alphaAxis);
  const axis = (text: string) => ({ display: true, text, color: theme.ink, font: { size: theme.font } });
  const ticks = { color: theme.muted, font: { size: theme.font }, maxRotation: 0 };
  const rows = d.detection.map((r) => r.node);
  const scales: ChartOptions<'scatter'>['scales'] = {
    x: { type: 'linear', min: name === 'alpha' ? undefined : 0, title: axis(t.x), ticks, grid: { color: theme.grid } },
    y: {
      type: 'linear',
      title: axis(t.y),
      grid: { color: theme.grid },
      ...(name === 'coverage' ? { min: 0, max: 1 } : {}),
      ...(name === 'traffic' || name === 'population' ? { beginAtZero: true } : {}),
      ...(name === 'detection'
        ? { min: -0.5, max: Math.max(0.5, rows.length - 0.5), reverse: true, ticks: { ...ticks, stepSize: 1, autoSkip: true, callback: (v: string | number) => (Number.isInteger(Number(v)) ? (rows[Number(v)] ?? '') : '') } }
        : { ticks }),
    },
  };
  if (t.y1 !== undefined) scales['y1'] = { type: 'linear', position: 'right', beginAtZero: true, title: axis(t.y1), ticks, grid: { drawOnChartArea: false } };
  return {
    responsive: !fixedSize,
    maintainAspectRatio: false,
    animation: false,
    devicePixelRatio: fixedSize ? 1 : undefined,
    layout: fixedSize ? { padding: { top: 16, right: 40, bottom: 24, left: 24 } } : undefined,
    plugins: {
      legend: { display: true, position: 'top', align: 'end', labels: { color: theme.ink, boxWidth: 10, boxHeight: 10, padding: 6, font: { size: theme.font }, filter: (item) => item.text !== '' && !item.text.startsWith('α ') } },
      tooltip: { enabled: !fixedSize },
      title: { display: fixedSize, text: PLOT_TITLES[name], color: theme.ink, font: { size: theme.titleFont * 1.5, weight: 'bold' }, padding: { top: 8, bottom: 12 } },
    },
    scales,
  };
}
