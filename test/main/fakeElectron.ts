/**
 * A fake of the parts of Electron's main-process API that src/main uses (electron/fiddle's
 * `tests/mocks` idea): `app`, `BrowserWindow` with its `webContents`, `ipcMain`, `dialog` and
 * `session`. Use it with `vi.mock('electron', () => import('./fakeElectron'))`; the test imports
 * this module too and gets the same instance (after `vi.resetModules()`, get it back with
 * `await import('electron')`: the mocked module stays cached). Like the real `ipcMain`, `handle`
 * refuses a second handler for one channel.
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

/** A tiny EventEmitter with the methods Electron objects have. */
export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();

  on(channel: string, fn: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), fn]);
    return this;
  }

  once(channel: string, fn: Listener): this {
    const wrapped: Listener = (...args) => {
      this.off(channel, wrapped);
      fn(...args);
    };
    return this.on(channel, wrapped);
  }

  off(channel: string, fn: Listener): this {
    const left = (this.listeners.get(channel) ?? []).filter((l) => l !== fn);
    if (left.length > 0) this.listeners.set(channel, left);
    else this.listeners.delete(channel);
    return this;
  }

  removeListener(channel: string, fn: Listener): this {
    return this.off(channel, fn);
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.length ?? 0;
  }

  emit(channel: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(channel) ?? [])]) l(...args);
  }
}

/** An Electron event whose default can be prevented (`will-navigate`, `before-quit`, …). */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

/** A fresh preventable event. */
export function preventable(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** A frame of a page: `url` is what it shows. */
export interface FakeFrame {
  url: string;
}

/** A window's `webContents`: records what main sends and the window-open handler. */
export class FakeWebContents extends FakeEmitter {
  readonly mainFrame: FakeFrame = { url: '' };
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

/** A BrowserWindow: keeps its options, what it loaded, and whether it is destroyed. */
export class FakeBrowserWindow extends FakeEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } | null = null;
  shown = false;
  private destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  show(): void {
    this.shown = true;
  }

  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    return Promise.resolve();
  }

  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    return Promise.resolve();
  }

  /** Closes the window as the user would: destroyed, then `closed`. */
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

/** `ipcMain`: invoke handlers by channel (one each, as Electron enforces) and `on` listeners. */
export class FakeIpcMain extends FakeEmitter {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke(channel, ...args)` from `event`'s sender would get. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
}

/** The app: records quits; `whenReady` resolves when the test calls `ready()`. */
class FakeApp extends FakeEmitter {
  quits = 0;
  private resolveReady: () => void = () => undefined;
  private readyPromise = new Promise<void>((r) => (this.resolveReady = r));

  /** Forgets listeners and quits; not ready again. */
  reset(): void {
    this.listeners.clear();
    this.quits = 0;
    this.readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  ready(): void {
    this.resolveReady();
  }

  quit(): void {
    this.quits++;
  }

  getPath(name: string): string {
    return `/home/user/${name === 'documents' ? 'Documents' : name}`;
  }
}

export const ipcMain = new FakeIpcMain();
export const app = new FakeApp();
export const dialog = {
  showSaveDialog: vi.fn<(...args: unknown[]) => Promise<{ canceled: boolean; filePath?: string }>>(async () => ({ canceled: true })),
};
export const session = {
  defaultSession: {
    permissionHandler: null as null | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void),
    setPermissionRequestHandler(h: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void {
      this.permissionHandler = h;
    },
  },
};

/** `electron`'s BrowserWindow is this fake. */
export { FakeBrowserWindow as BrowserWindow };

/** Puts every fake back as new: no windows, handlers, listeners, dialog answers or permission handler. */
export function resetFakeElectron(): void {
  FakeBrowserWindow.instances.length = 0;
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  app.reset();
  dialog.showSaveDialog.mockReset();
  dialog.showSaveDialog.mockResolvedValue({ canceled: true });
  session.defaultSession.permissionHandler = null;
}

/** An IPC event from `frame` of `contents` (by default the window's own main frame). */
export function ipcEvent(contents: FakeWebContents, frame: FakeFrame | null = contents.mainFrame): { sender: FakeWebContents; senderFrame: FakeFrame | null } {
  return { sender: contents, senderFrame: frame };
}
