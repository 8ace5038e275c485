/**
 * Electron main: one hardened window (context isolation, sandbox, no Node in the page, web
 * security on, no navigation away, no new windows, no permissions) showing the renderer, and one
 * {@link LabSession} behind it. Closing the window or quitting stops every node first.
 * Environment: ELECTRON_RENDERER_URL (set by `electron-vite dev`) loads the dev server;
 * GOSSIP_LAB_EXPORT_DIR saves exports into that directory instead of asking with a dialog.
 */
import { app, session as electronSession } from 'electron';
import type { BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryTarget } from '../host/exportDegrees';
import { LabSession } from '../host/session';
import { saveDialogTarget } from './saveTarget';
import { createWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const paths = {
  pageFile: join(here, '../renderer/index.html'),
  preload: join(here, '../preload/index.cjs'),
  devUrl: process.env.ELECTRON_RENDERER_URL,
};

let win: BrowserWindow | null = null;
let lab: LabSession | null = null;
let closing: Promise<void> | null = null;
/** True once the session is closed: quitting may go ahead. */
let closed = false;

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
  // GOSSIP_LAB_RECORDINGS_DIR: where runs are recorded (default: the app's data folder)
  const recordingsDir = process.env.GOSSIP_LAB_RECORDINGS_DIR ?? join(app.getPath('userData'), 'recordings');
  lab = new LabSession({ saveTarget: exportDir ? directoryTarget(exportDir) : saveDialogTarget(() => win), recordingsDir });
  win = createWindow(lab, paths, () => {
    win = null;
  });
});
