/** Types for cytoscape-fcose, which ships none: a cytoscape extension to register with `cytoscape.use`. */
declare module 'cytoscape-fcose' {
  import type { Ext } from 'cytoscape';
  /** The fcose layout extension. */
  const fcose: Ext;
  export default fcose;
}
