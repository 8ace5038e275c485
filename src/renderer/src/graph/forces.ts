/**
 * fcose options for scale-free graphs: repulsion by degree, ideal link length by the degrees of
 * both ends (./scale.ts), no tiling of isolated nodes (fcose's `tile` lays them out on a grid),
 * no component packing (it needs an extension we do not load).
 */
import cytoscape, { type AnimatedLayoutOptions, type BaseLayoutOptions, type EdgeSingular, type NodeSingular, type Position } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { idealEdgeLength, nodeRepulsion } from './scale';

let registered = false;
/** Registers the fcose layout with cytoscape, once per page. */
export function registerFcose(): void {
  if (registered) return;
  cytoscape.use(fcose);
  registered = true;
}

/** fcose options this app uses (the extension ships no types). */
export interface FcoseOptions extends BaseLayoutOptions, AnimatedLayoutOptions {
  name: 'fcose';
  quality?: 'draft' | 'default' | 'proof';
  randomize?: boolean;
  fit?: boolean;
  padding?: number;
  nodeRepulsion?: number | ((node: NodeSingular) => number);
  idealEdgeLength?: number | ((edge: EdgeSingular) => number);
  edgeElasticity?: number | ((edge: EdgeSingular) => number);
  gravity?: number;
  gravityRange?: number;
  numIter?: number;
  tile?: boolean;
  packComponents?: boolean;
  nodeSeparation?: number;
  uniformNodeDimensions?: boolean;
  fixedNodeConstraint?: Array<{ nodeId: string; position: Position }>;
}

/** A node's degree as the layout sees it: its links drawn in the graph being laid out. */
function degreeOf(n: NodeSingular): number {
  return n.degree(false);
}

/** The degree-aware force options, to spread into any fcose run. */
export function forceOptions(): Pick<FcoseOptions, 'name' | 'nodeRepulsion' | 'idealEdgeLength' | 'edgeElasticity' | 'gravity' | 'gravityRange' | 'tile' | 'packComponents' | 'nodeSeparation'> {
  return {
    name: 'fcose',
    nodeRepulsion: (n) => nodeRepulsion(degreeOf(n)),
    idealEdgeLength: (e) => idealEdgeLength(degreeOf(e.source()), degreeOf(e.target())),
    edgeElasticity: 0.45,
    gravity: 0.2,
    gravityRange: 3.8,
    tile: false,
    packComponents: false,
    nodeSeparation: 75,
  };
}
