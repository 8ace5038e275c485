/**
 * src/main/saveTarget.ts against a fake `electron` dialog, through a real LabSession's
 * `exportDegrees`: cancelling answers `{ canceled: true }` and writes nothing; a chosen path gets
 * the file (in a temp dir); the dialog is attached to the window and proposes a sensible file.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { scopeComment } from '../../src/host/exportDegrees';
import { LabSession } from '../../src/host/session';
import { connectIpc } from '../../src/main/ipc';
import { saveDialogTarget } from '../../src/main/saveTarget';
import { IPC } from '../../src/shared/types';
import { FakeBrowserWindow, dialog, ipcEvent, ipcMain, resetFakeElectron } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

/** A real 2×2 PNG, base64. */
function pngBase64(): string {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(255);
  return PNG.sync.write(png).toString('base64');
}

let dir: string;
let win: FakeBrowserWindow | null;
let session: LabSession;

beforeEach(async () => {
  resetFakeElectron();
  dir = await mkdtemp(join(tmpdir(), 'gossip-lab-save-'));
  win = new FakeBrowserWindow({});
  session = new LabSession({ loadIntervalMs: 3_600_000, saveTarget: saveDialogTarget(() => win as unknown as BrowserWindow | null) });
});

afterEach(async () => {
  await session.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cancelled', () => {
  it('answers { canceled: true } and writes nothing', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await session.execute('exportDegrees', { format: 'csv' })).toEqual({ ok: true, result: { canceled: true } });
    expect(await session.execute('exportDegrees', { format: 'png', png: pngBase64() })).toEqual({ ok: true, result: { canceled: true } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('counts a dialog that returns no path as cancelled', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '' });
    expect(await session.execute('exportDegrees', { format: 'csv' })).toEqual({ ok: true, result: { canceled: true } });
  });
});

describe('a chosen path', () => {
  it('gets the degree sequence as CSV', async () => {
    const path = join(dir, 'degrees.csv');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
    expect(await session.execute('exportDegrees', { format: 'csv' })).toEqual({ ok: true, result: { canceled: false, path } });
    expect(await readFile(path, 'utf8')).toBe(`${scopeComment('both', 0)}\npeer,degree\n`);
  });

  it('gets the PNG bytes the renderer drew', async () => {
    const path = join(dir, 'histogram.png');
    const png = pngBase64();
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
    expect(await session.execute('exportDegrees', { format: 'png', png })).toEqual({ ok: true, result: { canceled: false, path } });
    expect((await readFile(path)).equals(Buffer.from(png, 'base64'))).toBe(true);
  });

  it('answers a readable error when the path cannot be written', async () => {
    const path = join(dir, 'missing-folder', 'degrees.csv');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
    const reply = await session.execute('exportDegrees', { format: 'csv' });
    expect(reply).toEqual({ ok: false, error: `cannot write ${path}: ENOENT` });
  });

  it('works end to end from the window: invoke → session → dialog → file', async () => {
    const w = win as FakeBrowserWindow;
    const own = (url: string): boolean => url === 'file:///app/index.html';
    w.webContents.mainFrame.url = 'file:///app/index.html';
    const disconnect = connectIpc(w as unknown as BrowserWindow, session, own);
    try {
      const path = join(dir, 'from-ipc.csv');
      dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
      expect(await ipcMain.invoke(IPC.command, ipcEvent(w.webContents), 'exportDegrees', { format: 'csv' })).toEqual({ ok: true, result: { canceled: false, path } });
      expect(await readFile(path, 'utf8')).toBe(`${scopeComment('both', 0)}\npeer,degree\n`);
    } finally {
      disconnect();
    }
  });
});

describe('the dialog', () => {
  it('is modal to the window and proposes a PNG in Documents', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    await session.execute('exportDegrees', { format: 'png', png: pngBase64() });
    expect(dialog.showSaveDialog).toHaveBeenCalledOnce();
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(win, {
      title: 'Save degree histogram',
      defaultPath: join('/home/user/Documents', 'degree-histogram-both.png'),
      filters: [{ name: 'PNG image', extensions: ['png'] }],
    });
  });

  it('proposes a CSV, and opens on its own when there is no window', async () => {
    win = null;
    dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    await session.execute('exportDegrees', { format: 'csv' });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith({
      title: 'Save degree sequence',
      defaultPath: join('/home/user/Documents', 'degree-sequence-both.csv'),
      filters: [{ name: 'CSV table', extensions: ['csv'] }],
    });
  });

  it('names what a plot or a CCDF export saves', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    await session.execute('exportDegrees', { format: 'csv', chart: 'ccdf' });
    expect(dialog.showSaveDialog).toHaveBeenLastCalledWith(win, expect.objectContaining({ title: 'Save degree CCDF data' }));
    await session.execute('exportPlot', { plot: 'coverage', format: 'csv', csv: 'seconds,coverage\n0,1\n' });
    expect(dialog.showSaveDialog).toHaveBeenLastCalledWith(win, expect.objectContaining({ title: 'Save plot data', defaultPath: join('/home/user/Documents', 'plot-coverage.csv') }));
  });

  it('is not shown for bytes that are not a PNG', async () => {
    const reply = await session.execute('exportDegrees', { format: 'png', png: Buffer.from('GIF89a, not a png at all').toString('base64') });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(/not a PNG/);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});
