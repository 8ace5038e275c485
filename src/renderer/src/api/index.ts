/**
 * The renderer's one entry to the host: Electron's preload API when present, otherwise the
 * WebSocket bridge client. Both satisfy the contract's `LabApi`.
 */
import type { LabApi } from '../../../shared/contract';
import type { RendererApi } from './types';
import { WsLabApi, bridgeUrl } from './wsClient';

export type { ConnectionState, RendererApi } from './types';

let api: RendererApi | null = null;

/** Wraps Electron's preload API (IPC never "drops", so it is always open and never resyncs). */
function fromElectron(lab: LabApi): RendererApi {
  return {
    transport: lab.transport,
    command: (name, args) => lab.command(name, args),
    onEvents: (listener, options) => lab.onEvents(listener, options),
    onConnection: (listener, options) => {
      if (!options?.signal?.aborted) listener('open');
    },
    onResync: () => undefined,
  };
}

/**
 * The lab API for this window, created on first use: `window.lab` (Electron preload) if it exists,
 * else a WebSocket client to `ws(s)://<page host>/bridge`.
 */
export function getApi(): RendererApi {
  if (api === null) api = window.lab !== undefined ? fromElectron(window.lab) : new WsLabApi(bridgeUrl());
  return api;
}
