/**
 * src/main/window.ts against a fake `electron`: the window's options are hardened, it stays on
 * our page (navigation, redirects, new windows and webviews refused), it loads the built file or
 * the dev server, and closing it disconnects its IPC.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { LabSession } from '../../src/host/session';
import { createWindow, guardContents, ownUrlCheck, windowOptions } from '../../src/main/window';
import { IPC } from '../../src/shared/types';
import { FakeBrowserWindow, FakeWebContents, ipcMain, preventable, resetFakeElectron } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const PAGE_FILE = '/app/out/renderer/index.html';
const PAGE_URL = pathToFileURL(PAGE_FILE).href;
const PRELOAD = '/app/out/preload/index.cjs';

describe('windowOptions', () => {
  const prefs = windowOptions(PRELOAD).webPreferences ?? {};

  it('isolates and sandboxes the page, gives it no Node, keeps web security on', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.webSecurity).not.toBe(false);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
    expect(prefs.webviewTag).not.toBe(true);
    expect(prefs).not.toHaveProperty('experimentalFeatures', true);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the given preload and nothing else', () => {
    expect(prefs.preload).toBe(PRELOAD);
    expect(Object.keys(prefs).filter((k) => /preload/i.test(k))).toEqual(['preload']);
  });

  it('starts hidden (shown once painted)', () => {
    expect(windowOptions(PRELOAD).show).toBe(false);
  });
});

describe('ownUrlCheck', () => {
  it('accepts the built page only, whatever its query or fragment', () => {
    const own = ownUrlCheck(PAGE_FILE);
    expect(own(PAGE_URL)).toBe(true);
    expect(own(`${PAGE_URL}?x=1#top`)).toBe(true);
    expect(own(pathToFileURL('/app/out/renderer/other.html').href)).toBe(false);
    expect(own('file:///etc/passwd')).toBe(false);
    expect(own('https://example.com/')).toBe(false);
    expect(own('not a url')).toBe(false);
  });

  it('accepts the dev server origin only, in development', () => {
    const own = ownUrlCheck(PAGE_FILE, 'http://localhost:5173/');
    expect(own('http://localhost:5173/index.html')).toBe(true);
    expect(own('http://localhost:5174/')).toBe(false);
    expect(own('https://localhost:5173/')).toBe(false);
    expect(own(PAGE_URL)).toBe(false);
  });
});

describe('guardContents', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    guardContents(contents as unknown as WebContents, ownUrlCheck(PAGE_FILE));
  });

  it.each(['will-navigate', 'will-redirect'])('%s: stays on our page, refuses anywhere else', (channel) => {
    const away = preventable();
    contents.emit(channel, away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const reload = preventable();
    contents.emit(channel, reload, PAGE_URL);
    expect(reload.defaultPrevented).toBe(false);
  });

  it('denies every new window', () => {
    expect(contents.windowOpenHandler).not.toBeNull();
    for (const url of ['https://example.com/', PAGE_URL, 'about:blank']) expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a webview', () => {
    const ev = preventable();
    contents.emit('will-attach-webview', ev, {}, {});
    expect(ev.defaultPrevented).toBe(true);
  });
});

describe('createWindow', () => {
  let session: LabSession;
  beforeEach(() => {
    session = new LabSession({ loadIntervalMs: 3_600_000 });
    resetFakeElectron();
  });
  afterEach(async () => {
    for (const w of FakeBrowserWindow.instances) if (!w.isDestroyed()) w.close();
    await session.close();
  });

  it('opens one hardened, guarded window on the built page, shown once ready', () => {
    const w = createWindow(session, { pageFile: PAGE_FILE, preload: PRELOAD }, () => undefined) as unknown as FakeBrowserWindow;
    expect(FakeBrowserWindow.instances).toEqual([w]);
    expect(w.options).toEqual(windowOptions(PRELOAD));
    expect(w.loaded).toEqual({ file: PAGE_FILE });
    expect(w.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const nav = preventable();
    w.webContents.emit('will-navigate', nav, 'https://example.com/');
    expect(nav.defaultPrevented).toBe(true);
    expect(w.shown).toBe(false);
    w.emit('ready-to-show');
    expect(w.shown).toBe(true);
    expect([...ipcMain.handlers.keys()]).toEqual([IPC.command]);
  });

  it('loads the dev server when given one, and accepts navigation within it', () => {
    const w = createWindow(session, { pageFile: PAGE_FILE, preload: PRELOAD, devUrl: 'http://localhost:5173/' }, () => undefined) as unknown as FakeBrowserWindow;
    expect(w.loaded).toEqual({ url: 'http://localhost:5173/' });
    const nav = preventable();
    w.webContents.emit('will-navigate', nav, 'http://localhost:5173/?reload');
    expect(nav.defaultPrevented).toBe(false);
  });

  it('disconnects its IPC and tells the caller when closed', () => {
    const onClosed = vi.fn();
    const w = createWindow(session, { pageFile: PAGE_FILE, preload: PRELOAD }, onClosed) as unknown as FakeBrowserWindow;
    w.close();
    expect(onClosed).toHaveBeenCalledOnce();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.size).toBe(0);
  });
});
