/**
 * The IPC between main and the one window: commands come in on {@link IPC.command} (only from our
 * window's own page), and event batches go out on {@link IPC.events} — queued until the renderer
 * says {@link IPC.ready}, and queued again while the page reloads.
 */
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { LabSession } from '../host/session';
import type { CommandName, CommandReply, UiEvent } from '../shared/types';
import { IPC } from '../shared/types';

/** Batches kept for a renderer that is not ready; older ones are dropped (it reloads from a snapshot). */
const MAX_QUEUED_BATCHES = 2000;

/**
 * Connects `session` to `win`'s renderer.
 * @param isOwnUrl true for the URL of our page (the built file or the dev server)
 * @returns the function that disconnects it
 */
export function connectIpc(win: BrowserWindow, session: LabSession, isOwnUrl: (url: string) => boolean): () => void {
  const queue: UiEvent[][] = [];
  let ready = false;

  const fromOurPage = (event: IpcMainEvent | IpcMainInvokeEvent): boolean =>
    !win.isDestroyed() && event.sender === win.webContents && !!event.senderFrame && event.senderFrame === win.webContents.mainFrame && isOwnUrl(event.senderFrame.url);

  const deliver = (batch: UiEvent[]): void => {
    if (win.isDestroyed()) return;
    if (!ready) {
      queue.push(batch);
      if (queue.length > MAX_QUEUED_BATCHES) queue.shift();
      return;
    }
    win.webContents.send(IPC.events, batch);
  };

  const unsubscribe = session.onBatch((batch) => deliver([...batch]));

  ipcMain.handle(IPC.command, async (event, name: unknown, args: unknown): Promise<CommandReply<CommandName>> => {
    if (!fromOurPage(event)) return { ok: false, error: 'refused: the command did not come from the Gossip Lab window' };
    if (typeof name !== 'string') return { ok: false, error: 'the command name must be a string' };
    return session.execute(name, args);
  });

  const onReady = (event: IpcMainEvent): void => {
    if (!fromOurPage(event) || ready) return;
    ready = true;
    for (const batch of queue.splice(0)) win.webContents.send(IPC.events, batch);
  };
  ipcMain.on(IPC.ready, onReady);

  // a reload starts a new page: it will ask for a snapshot and say ready again
  const onLoad = (): void => {
    ready = false;
    queue.length = 0;
  };
  win.webContents.on('did-start-loading', onLoad);

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC.command);
    ipcMain.off(IPC.ready, onReady);
    if (!win.isDestroyed()) win.webContents.off('did-start-loading', onLoad);
  };
}
