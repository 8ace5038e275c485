/**
 * Ambient declarations for the renderer: the Electron preload's `window.lab` and the debug handle
 * the end-to-end tests read.
 */
import type { Core } from 'cytoscape';
import type { LabApi } from '../../shared/types';
import type { RendererApi } from './api/types';
import type { LabStore } from './store';
import type { ScreenDelayProbe } from './metrics';
import type { useReplayStore } from './recording/replayStore';

declare global {
  interface Window {
    /** The typed API the Electron preload exposes with contextBridge (absent in a plain browser). */
    lab?: LabApi;
    /**
     * Debug handle for tests, benchmarks and the console: the cytoscape instance (null until the
     * graph mounts), the zustand store, the API the page uses, the screen-delay probe, and
     * whether a layout is under way.
     */
    __gossipLab?: { cy: Core | null; store: LabStore; api: RendererApi; metrics: ScreenDelayProbe; layoutBusy?: () => boolean; replay?: typeof useReplayStore };
  }
}
