/**
 * Ambient declarations for the renderer: the Electron preload's `window.lab`, the debug handle
 * the end-to-end tests read, and the untyped cytoscape-fcose extension.
 */
import type { Core } from 'cytoscape';
import type { LabApi } from '../../shared/contract';
import type { LabStore } from './store';

declare global {
  interface Window {
    /** The typed API the Electron preload exposes with contextBridge (absent in a plain browser). */
    lab?: LabApi;
    /** Debug handle for tests and the console: the cytoscape instance and the zustand store. */
    __gossipLab?: { cy: Core | null; store: LabStore };
  }
}

declare module 'cytoscape-fcose' {
  import type { Ext } from 'cytoscape';
  /** The fcose layout extension; register it once with `cytoscape.use`. */
  const fcose: Ext;
  export default fcose;
}
