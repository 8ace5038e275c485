/**
 * Which cytoscape renderer draws the graph: the canvas renderer, or — from
 * {@link WEBGL_FROM_NODES} nodes on (./scale.ts), where the browser gives a WebGL2 context —
 * the same renderer with WebGL drawing (`renderer: { name: 'canvas', webgl: true }`, cytoscape
 * ≥ 3.31). cytoscape itself does not fall back when WebGL2 is missing (it fails while creating
 * the instance), so availability is probed first; a page without a GPU (Chromium with
 * `--disable-gpu`, where no software WebGL is allowed) stays on the canvas renderer.
 */

let probed: boolean | null = null;

/** Whether this page can create a WebGL2 context (probed once, the context released at once). */
export function webglAvailable(): boolean {
  if (probed !== null) return probed;
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    probed = gl !== null;
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    probed = false;
  }
  return probed;
}

/** The cytoscape `renderer` option for WebGL on or off. */
export function rendererOption(webgl: boolean): { name: 'canvas'; webgl?: boolean; webglTexSize?: number; webglBatchSize?: number } {
  return webgl ? { name: 'canvas', webgl: true, webglTexSize: 4096, webglBatchSize: 4096 } : { name: 'canvas' };
}
