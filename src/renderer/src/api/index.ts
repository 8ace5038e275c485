/**
 * The renderer's one entry to the host: Electron's preload API when present, otherwise the
 * WebSocket bridge client. Both satisfy the contract's `LabApi`.
 */
import type { LabApi, UiEvent } from '../../../shared/types';
import { ListenerSet } from './listeners';
import type { RendererApi } from './types';
import { WsLabApi, bridgeUrl } from './wsClient';

export type { ConnectionState, RendererApi } from './types';

let api: RendererApi | null = null;

/**
 * Wraps Electron's preload API (IPC never "drops", so it is always open and never resyncs).
 * Listeners and their AbortSignals stay on this side: one listener is registered with the
 * preload, because an AbortSignal cannot cross contextBridge.
 */
function fromElectron(lab: LabApi): RendererApi {
  const events = new ListenerSet<UiEvent[]>();
  let registered = false;
  return {
    transport: lab.transport,
    command: (name, args) => lab.command(name, args),
    onEvents: (listener, options) => {
      events.add(listener, options?.signal);
      if (!registered) {
        registered = true;
        lab.onEvents((batch) => events.emit(batch));
      }
    },
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
