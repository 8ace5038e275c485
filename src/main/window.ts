/**
 * The one app window: its hardened options (context isolation, sandbox, no Node in the page, web
 * security on), the check that a URL is our own page, and the guards that keep the window on it
 * (no navigation or redirect away, no new windows, no webviews). Separate from ./index.ts, which
 * runs the app's lifecycle, so tests can build the window against a fake `electron`.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import type { LabSession } from '../host/session';
import { connectIpc } from './ipc';

/** Where the window's page and preload are. */
export interface WindowPaths {
  /** The built page (`out/renderer/index.html`). */
  pageFile: string;
  /** The sandboxed preload bundle (`out/preload/index.cjs`). */
  preload: string;
  /** The dev server's URL (`ELECTRON_RENDERER_URL` under `electron-vite dev`), loaded instead of the file. */
  devUrl?: string | undefined;
}

/** The window's options: the page gets no Node, runs sandboxed and isolated, with web security on. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Gossip Lab',
    backgroundColor: '#101418',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/**
 * The check for our own page: with a dev server, any URL of its origin; else the built file
 * itself (its query and fragment ignored).
 */
export function ownUrlCheck(pageFile: string, devUrl?: string): (url: string) => boolean {
  const pageUrl = pathToFileURL(pageFile).href;
  return (url) => {
    try {
      const u = new URL(url);
      if (devUrl) return u.origin === new URL(devUrl).origin;
      u.hash = '';
      u.search = '';
      return u.href === pageUrl;
    } catch {
      return false;
    }
  };
}

/** Keeps `contents` on our page: navigation and redirects elsewhere, new windows and webviews are refused. */
export function guardContents(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Opens the window on our page, connected to `session` over IPC; it shows itself once painted.
 * @param onClosed called after the window closed (its IPC already disconnected)
 */
export function createWindow(session: LabSession, paths: WindowPaths, onClosed: () => void): BrowserWindow {
  const isOwnUrl = ownUrlCheck(paths.pageFile, paths.devUrl);
  const w = new BrowserWindow(windowOptions(paths.preload));
  w.once('ready-to-show', () => w.show());
  guardContents(w.webContents, isOwnUrl);
  const disconnect = connectIpc(w, session, isOwnUrl);
  w.on('closed', () => {
    disconnect();
    onClosed();
  });
  void (paths.devUrl ? w.loadURL(paths.devUrl) : w.loadFile(paths.pageFile));
  return w;
}
