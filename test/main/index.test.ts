/**
 * src/main/index.ts (the app's lifecycle) against a fake `electron`: nothing opens before the app
 * is ready; then permissions are denied, one hardened window opens on the built page with a
 * session behind it; quitting waits until every node is stopped; exports go to a dialog, or to
 * GOSSIP_LAB_EXPORT_DIR when set. Each test imports the module afresh (it acts at import time).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { IPC } from '../../src/shared/types';
import { waitFor } from '../helpers/waitFor';
import { preventable } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

type Fake = typeof import('./fakeElectron');

/** Imports a fresh copy of main against a fresh fake (the app not ready yet). */
async function start(): Promise<Fake> {
  vi.resetModules();
  const fake = (await import('electron')) as unknown as Fake;
  fake.resetFakeElectron();
  await import('../../src/main/index');
  return fake;
}

/** The one window main opened, once it has. */
async function theWindow(fake: Fake): Promise<InstanceType<Fake['FakeBrowserWindow']>> {
  await waitFor(() => fake.FakeBrowserWindow.instances.length > 0, { what: 'the window' });
  expect(fake.FakeBrowserWindow.instances).toHaveLength(1);
  return fake.FakeBrowserWindow.instances[0]!;
}

/** Runs a command as our page would. */
async function command(fake: Fake, name: string, args: unknown): Promise<unknown> {
  const w = fake.FakeBrowserWindow.instances[0]!;
  w.webContents.mainFrame.url = `file://${(w.loaded?.file ?? '').split(sep).join('/')}`;
  return fake.ipcMain.invoke(IPC.command, fake.ipcEvent(w.webContents), name, args);
}

/** Quits through `window-all-closed` and waits for the real quit. */
async function quit(fake: Fake): Promise<void> {
  fake.app.emit('window-all-closed');
  await waitFor(() => fake.app.quits > 0, { what: 'app.quit' });
}

let exportDir: string | null = null;
beforeEach(() => {
  delete process.env.GOSSIP_LAB_EXPORT_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
});
afterEach(async () => {
  delete process.env.GOSSIP_LAB_EXPORT_DIR;
  if (exportDir) await rm(exportDir, { recursive: true, force: true });
  exportDir = null;
});

describe('start', () => {
  it('opens nothing until the app is ready', async () => {
    const fake = await start();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.FakeBrowserWindow.instances).toEqual([]);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.app.listenerCount('window-all-closed')).toBe(1);
    expect(fake.app.listenerCount('before-quit')).toBe(1);
    fake.app.ready();
    await theWindow(fake);
    await quit(fake);
  });

  it('denies every permission request once ready', async () => {
    const fake = await start();
    fake.app.ready();
    await theWindow(fake);
    const handler = fake.session.defaultSession.permissionHandler;
    expect(handler).not.toBeNull();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      handler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    await quit(fake);
  });

  it('opens one hardened window on the built page with the preload beside it, and a session behind it', async () => {
    const fake = await start();
    fake.app.ready();
    const w = await theWindow(fake);
    const prefs = w.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(prefs.webSecurity).not.toBe(false);
    expect(String(prefs.preload).split(sep).slice(-2)).toEqual(['preload', 'index.cjs']);
    expect(w.loaded?.file?.split(sep).slice(-2)).toEqual(['renderer', 'index.html']);
    expect(w.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const reply = await command(fake, 'snapshot', {});
    expect(reply).toMatchObject({ ok: true, result: { nodes: [], networkKey: false } });
    await quit(fake);
  });

  it('loads the dev server when ELECTRON_RENDERER_URL is set', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    const fake = await start();
    fake.app.ready();
    expect((await theWindow(fake)).loaded).toEqual({ url: 'http://localhost:5173/' });
    await quit(fake);
  });
});

describe('quitting', () => {
  it('holds the quit until the session is closed, then quits once', async () => {
    const fake = await start();
    fake.app.ready();
    await theWindow(fake);
    const first = preventable();
    fake.app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    fake.app.emit('before-quit', preventable()); // asked again while closing: still one shutdown
    await waitFor(() => fake.app.quits > 0, { what: 'app.quit' });
    expect(await command(fake, 'snapshot', {})).toEqual({ ok: false, error: 'the session is closed' });
    const again = preventable();
    fake.app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.app.quits).toBe(1);
  });

  it('quits when the window is closed, after disconnecting its IPC', async () => {
    const fake = await start();
    fake.app.ready();
    const w = await theWindow(fake);
    w.close();
    expect(fake.ipcMain.handlers.size).toBe(0);
    await quit(fake);
    expect(fake.app.quits).toBe(1);
  });
});

describe('exports', () => {
  it('asks with a save dialog attached to the window', async () => {
    const fake = await start();
    fake.app.ready();
    const w = await theWindow(fake);
    fake.dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    expect(await command(fake, 'exportDegrees', { format: 'csv' })).toEqual({ ok: true, result: { canceled: true } });
    expect(fake.dialog.showSaveDialog).toHaveBeenCalledOnce();
    expect(fake.dialog.showSaveDialog.mock.calls[0]?.[0]).toBe(w);
    await quit(fake);
  });

  it('saves into GOSSIP_LAB_EXPORT_DIR without a dialog when it is set', async () => {
    exportDir = await mkdtemp(join(tmpdir(), 'gossip-lab-export-'));
    process.env.GOSSIP_LAB_EXPORT_DIR = exportDir;
    const fake = await start();
    fake.app.ready();
    await theWindow(fake);
    const reply = (await command(fake, 'exportDegrees', { format: 'csv' })) as { ok: boolean; result: { canceled: boolean; path: string } };
    expect(reply).toMatchObject({ ok: true, result: { canceled: false } });
    expect(reply.result.path.startsWith(exportDir)).toBe(true);
    expect(await readdir(exportDir)).toEqual([reply.result.path.slice(exportDir.length + 1)]);
    expect(fake.dialog.showSaveDialog).not.toHaveBeenCalled();
    await quit(fake);
  });
});
