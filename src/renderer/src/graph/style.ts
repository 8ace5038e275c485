/**
 * The cytoscape stylesheet: node kind by shape and colour, size and stacking order by degree
 * (./scale.ts), life and animation classes. Node labels are drawn only on nodes the label
 * culling pass marks `labelled` (./labelLayer.ts: never two overlapping) and on the selected node.
 */
import type { NodeSingular, StylesheetJson } from 'cytoscape';
import { COLOR, GROUP_TINT, LOOK } from './palette';
import { MAX_DEGREE_Z } from './scale';

export { nodeSize } from './scale';

/** A white ✕ drawn over dead nodes (an inline SVG, allowed by the CSP's `img-src data:`). */
const CROSS =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M2.5 2.5 7.5 7.5M7.5 2.5 2.5 7.5" stroke="white" stroke-width="1.4" stroke-linecap="round"/></svg>');

/** The label font family (the label culling pass measures text with it). */
export const LABEL_FONT = 'Inter, system-ui, sans-serif';
/** Gap between a node and its label below it, model px. */
export const LABEL_MARGIN_PX = 3;

/**
 * Label font size for a degree, model px: 9 for a leaf, larger for hubs (up to 18), so that hub
 * labels stay readable zoomed out when leaf labels are not.
 */
export function labelFontPx(degree: number): number {
  return Math.min(18, Math.round(9 + 1.2 * Math.sqrt(Math.max(0, degree))));
}

/**
 * Labels of unselected nodes are drawn only when their on-screen font size reaches this many px:
 * always for small graphs, only when zoomed in for big ones (keeps ~1,000 nodes readable and fast).
 */
export function labelMinZoomedFontSize(nodeCount: number): number {
  return nodeCount <= 30 ? 4 : nodeCount <= 150 ? 7 : 8;
}

/** The graph's stylesheet. */
export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      width: 'data(size)',
      height: 'data(size)',
      'background-color': LOOK.peerLocal.color,
      shape: LOOK.peerLocal.shape,
      'border-width': 1,
      'border-color': '#0b1220',
      'z-index': (n: NodeSingular) => Number(n.data('z')) || 0,
      label: '',
      color: COLOR.label,
      'font-size': 'data(font)',
      'font-family': LABEL_FONT,
      'text-valign': 'bottom',
      'text-margin-y': LABEL_MARGIN_PX,
      'min-zoomed-font-size': 8,
    },
  },
  { selector: 'node.labelled', style: { label: 'data(id)' } },
  { selector: 'node[role = "seed"][origin = "local"]', style: { 'background-color': LOOK.seedLocal.color, shape: LOOK.seedLocal.shape } },
  { selector: 'node[role = "seed"][origin = "remote"]', style: { 'background-color': LOOK.seedRemote.color, shape: LOOK.seedRemote.shape } },
  { selector: 'node[role = "peer"][origin = "remote"]', style: { 'background-color': LOOK.peerRemote.color, shape: LOOK.peerRemote.shape } },
  // suspicion and faults first, so that down/dead, animations and selection draw over them
  { selector: 'node.suspected', style: { 'border-color': COLOR.suspected, 'border-width': 4, 'border-style': 'dashed' } },
  { selector: 'node.paused', style: { 'background-opacity': 0.35, 'border-color': COLOR.paused, 'border-width': 3, 'border-style': 'dotted' } },
  { selector: 'node.faulty', style: { 'outline-color': COLOR.lossy, 'outline-width': 2, 'outline-offset': 2, 'outline-style': 'dotted', 'outline-opacity': 0.9 } },
  ...GROUP_TINT.map((tint, i) => ({ selector: `node.group-${i}`, style: { 'underlay-color': tint, 'underlay-padding': 6, 'underlay-opacity': 0.45, 'underlay-shape': 'ellipse' as const } })),
  { selector: 'node.targeted', style: { 'overlay-color': COLOR.targeted, 'overlay-opacity': 0.3, 'overlay-padding': 5 } },
  {
    selector: 'node[life = "down"]',
    style: { 'background-color': COLOR.down, 'background-opacity': 0.55, 'border-color': COLOR.down, 'border-width': 3, 'border-style': 'dashed' },
  },
  {
    selector: 'node[life = "dead"]',
    style: { 'background-color': COLOR.dead, 'background-opacity': 0.8, 'border-color': COLOR.down, 'border-width': 3, 'border-style': 'dashed', 'background-image': CROSS, 'background-fit': 'contain', 'background-image-opacity': 0.9 },
  },
  {
    selector: 'edge',
    style: { width: 1.2, 'line-color': COLOR.edge, 'curve-style': 'haystack' },
  },
  { selector: 'edge.delayed', style: { 'line-color': COLOR.delayed, width: 2, 'line-style': 'dotted' } },
  { selector: 'edge.lossy', style: { 'line-color': COLOR.lossy, width: 2, 'line-style': 'dashed' } },
  { selector: 'edge.cut', style: { 'line-color': COLOR.cut, width: 3, 'line-style': 'dashed', 'line-dash-pattern': [1, 7], opacity: 0.85 } },
  { selector: 'edge.targeted', style: { 'overlay-color': COLOR.targeted, 'overlay-opacity': 0.35, 'overlay-padding': 4 } },
  { selector: 'edge.flash', style: { 'line-color': COLOR.flash, width: 2.5 } },
  { selector: 'edge.warn', style: { 'line-color': COLOR.warn, width: 3, 'line-style': 'dashed' } },
  { selector: 'node.flash', style: { 'border-color': COLOR.flash, 'border-width': 3 } },
  { selector: 'node.warn', style: { 'border-color': COLOR.warn, 'border-width': 4 } },
  { selector: '.dim', style: { opacity: 0.25 } },
  { selector: 'edge.replay', style: { 'line-color': COLOR.replay, width: 3.5, opacity: 1, 'z-index': 9 } },
  { selector: 'node.replay', style: { opacity: 1, 'border-color': COLOR.replay, 'border-width': 4 } },
  { selector: 'node.replay-origin', style: { opacity: 1, 'border-color': COLOR.selected, 'border-width': 6, 'z-index': MAX_DEGREE_Z + 1 } },
  {
    selector: 'node:selected',
    style: {
      label: 'data(id)',
      'border-color': COLOR.selected,
      'border-width': 4,
      color: '#ffffff',
      'text-outline-color': '#0b1020',
      'text-outline-width': 2,
      'min-zoomed-font-size': 0,
      'z-index': MAX_DEGREE_Z + 2,
      opacity: 1,
    },
  },
];
