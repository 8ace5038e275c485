/**
 * Colours and shapes of the graph, shared by the cytoscape stylesheet and the legend so the two
 * cannot disagree.
 */

/** One kind of node as drawn: its fill colour and cytoscape shape. */
export interface NodeLook {
  label: string;
  color: string;
  shape: 'diamond' | 'ellipse' | 'round-rectangle' | 'round-triangle';
}

/** How each kind of node looks. */
export const LOOK = {
  seedLocal: { label: 'Seed (local)', color: '#f5b942', shape: 'diamond' },
  seedRemote: { label: 'Seed (remote)', color: '#fb7185', shape: 'round-triangle' },
  peerLocal: { label: 'Peer (local)', color: '#4ea1ff', shape: 'ellipse' },
  peerRemote: { label: 'Peer (remote)', color: '#b48cf7', shape: 'round-rectangle' },
} as const satisfies Record<string, NodeLook>;

/** Other colours of the graph. */
export const COLOR = {
  edge: '#3a4a66',
  label: '#c9d4e5',
  down: '#ef4444',
  dead: '#7f1d1d',
  flash: '#fde047',
  warn: '#fb923c',
  replay: '#34d399',
  selected: '#ffffff',
  /** A node some peer's swim detector suspects: an amber dashed ring. */
  suspected: '#f59e0b',
  /** A node paused by the chaos panel. */
  paused: '#94a3b8',
  /** Links (and nodes) with injected frame loss. */
  lossy: '#f97316',
  /** Links (and nodes) with injected delay/jitter. */
  delayed: '#a78bfa',
  /** Links across a partition. */
  cut: '#ef4444',
  /** The chaos panel's targets. */
  targeted: '#38bdf8',
} as const;

/** Tints of partition groups (group i: `GROUP_TINT[i % 4]`), drawn as a halo around the nodes. */
export const GROUP_TINT = ['#22d3ee', '#e879f9', '#a3e635', '#fbbf24'] as const;
