/**
 * The preload: the renderer's only door to the host. It gives the page `window.lab`, a
 * {@link LabApi} over Electron IPC (`transport: 'electron'`) — `command` invokes
 * {@link IPC.command}; `onEvents` listens on {@link IPC.events} until its AbortSignal aborts, and
 * the first listener tells main (with {@link IPC.ready}) that queued batches may flow. Nothing
 * else is exposed: never `ipcRenderer` itself.
 *
 * An AbortSignal cannot cross the context bridge (it is neither a plain object nor cloneable), so
 * `window.lab` itself is built inside the page's world by a small self-contained function, and
 * only two narrow functions cross the bridge: run a command, and subscribe (which returns its
 * unsubscribe function). Runs sandboxed, so it is bundled to one CommonJS file.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { CommandName, CommandReply, LabApi, UiEvent } from '../shared/types';
import { IPC } from '../shared/types';

/** The two functions that cross the bridge; the page wraps them into a {@link LabApi}. */
interface BridgePort {
  command(name: string, args: unknown): Promise<CommandReply<CommandName>>;
  subscribe(listener: (batch: UiEvent[]) => void): () => void;
}

let readySent = false;

const port: BridgePort = {
  command: (name, args) => ipcRenderer.invoke(IPC.command, String(name), args) as Promise<CommandReply<CommandName>>,
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, batch: UiEvent[]): void => listener(batch);
    ipcRenderer.on(IPC.events, handler);
    if (!readySent) {
      readySent = true;
      ipcRenderer.send(IPC.ready);
    }
    let on = true;
    return () => {
      if (on) ipcRenderer.removeListener(IPC.events, handler);
      on = false;
    };
  },
};

/**
 * Runs in the page's world (serialised by Electron, so it must not refer to anything outside
 * itself): defines a read-only `window.lab` (globalThis there) on top of the port.
 */
function installInPage(p: BridgePort): void {
  const api: LabApi = {
    transport: 'electron',
    command: (name, args) => p.command(name, args) as never,
    onEvents(listener, options) {
      const signal = options?.signal;
      if (signal?.aborted) return;
      const off = p.subscribe((batch) => listener(batch));
      signal?.addEventListener('abort', () => off(), { once: true });
    },
  };
  Object.defineProperty(globalThis, 'lab', { value: Object.freeze(api), enumerable: true, configurable: false, writable: false });
}

try {
  contextBridge.executeInMainWorld({ func: installInPage, args: [port] });
} catch (e) {
  // older Electron: expose the API directly (an AbortSignal then cannot unsubscribe; call the returned function)
  console.error('executeInMainWorld failed, exposing lab directly:', e);
  contextBridge.exposeInMainWorld('lab', {
    transport: 'electron',
    command: port.command,
    onEvents: (listener: (batch: UiEvent[]) => void) => port.subscribe(listener),
  });
}
