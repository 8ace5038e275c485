/**
 * Electron main: one hardened window (context isolation, sandbox, no Node in the page, web
 * security on, no navigation away, no new windows, no permissions) showing the renderer, and one
 * {@link LabSession} behind it. Closing the window or quitting stops every node first.
 * Environment: ELECTRON_RENDERER_URL (set by `electron-vite dev`) loads the dev server;
 * GOSSIP_LAB_EXPORT_DIR saves exports into that directory instead of asking with a dialog.
 */
import { app, BrowserWindow, session as electronSession } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { directoryTarget } from '../core/host/exportDegrees';
import { LabSession } from '../core/host/session';
import { connectIpc } from './ipc';
import { saveDialogTarget } from './saveTarget';

const here = dirname(fileURLToPath(import.meta.url));
const devUrl = process.env.ELECTRON_RENDERER_URL;
const pageFile = join(here, '../renderer/index.html');
const pageUrl = pathToFileURL(pageFile).href;

let win: BrowserWindow | null = null;
let lab: LabSession | null = null;
let closing: Promise<void> | null = null;
/** True once the session is closed: quitting may go ahead. */
let closed = false;

/** True for our own page: the built file, or (in development) the dev server's origin. */
function isOwnUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (devUrl) return u.origin === new URL(devUrl).origin;
    u.hash = '';
    u.search = '';
    return u.href === pageUrl;
  } catch {
    return false;
  }
}

function createWindow(session: LabSession): BrowserWindow {
  const w = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Gossip Lab',
    backgroundColor: '#101418',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  w.once('ready-to-show', () => w.show());
  w.webContents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  w.webContents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  w.webContents.on('will-attach-webview', (event) => event.preventDefault());
  const disconnect = connectIpc(w, session, isOwnUrl);
  w.on('closed', () => {
    disconnect();
    win = null;
  });
  void (devUrl ? w.loadURL(devUrl) : w.loadFile(pageFile));
  return w;
}

/** Stops the session (once, however often it is asked), then quits for real. */
function shutdown(): void {
  if (closing) return;
  closing = (lab ? lab.close() : Promise.resolve())
    .catch((e: unknown) => console.error('closing the session failed:', e))
    .finally(() => {
      closed = true;
      app.quit();
    });
}

app.on('window-all-closed', () => shutdown());
app.on('before-quit', (event) => {
  if (closed) return;
  event.preventDefault();
  shutdown();
});
void app.whenReady().then(() => {
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // GOSSIP_LAB_EXPORT_DIR: save exports there without a dialog (unattended runs, e2e tests)
  const exportDir = process.env.GOSSIP_LAB_EXPORT_DIR;
  lab = new LabSession({ saveTarget: exportDir ? directoryTarget(exportDir) : saveDialogTarget(() => win) });
  win = createWindow(lab);
});
