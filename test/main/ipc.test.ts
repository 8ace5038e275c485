/**
 * src/main/ipc.ts against a fake `electron`: each channel of the contract has exactly one
 * handler, only our window's own page is heard, commands reach a real LabSession (which validates
 * them), and event batches are queued until the renderer says it is ready.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { LabSession } from '../../src/host/session';
import { connectIpc } from '../../src/main/ipc';
import { commandSchemas } from '../../src/shared/validation';
import { IPC } from '../../src/shared/types';
import type { CommandReply, CommandName, UiEvent } from '../../src/shared/types';
import { waitFor } from '../helpers/waitFor';
import { FakeBrowserWindow, ipcEvent, ipcMain, resetFakeElectron } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const PAGE = 'file:///app/out/renderer/index.html';
const isOwnUrl = (url: string): boolean => url.split(/[?#]/)[0] === PAGE;

let session: LabSession;
let win: FakeBrowserWindow;
let disconnect: () => void;

/** Sends `name, args` on the command channel from our window's page. */
function command(name: unknown, args: unknown, event = ipcEvent(win.webContents)): Promise<CommandReply<CommandName>> {
  return ipcMain.invoke(IPC.command, event, name, args) as Promise<CommandReply<CommandName>>;
}

/** The event batches main sent to the window so far. */
const sentBatches = (): UiEvent[][] => win.webContents.sent.filter((s) => s.channel === IPC.events).map((s) => s.args[0] as UiEvent[]);

beforeEach(() => {
  resetFakeElectron();
  session = new LabSession({ batchIntervalMs: 5, loadIntervalMs: 3_600_000 });
  win = new FakeBrowserWindow({});
  win.webContents.mainFrame.url = PAGE;
  disconnect = connectIpc(win as unknown as BrowserWindow, session, isOwnUrl);
});

afterEach(async () => {
  disconnect();
  await session.close();
});

describe('channels', () => {
  it('registers exactly one handler per channel of the contract: invoke on command, a listener on ready, none on events', () => {
    expect([...ipcMain.handlers.keys()]).toEqual([IPC.command]);
    expect([...ipcMain.listeners.keys()]).toEqual([IPC.ready]);
    expect(ipcMain.listenerCount(IPC.ready)).toBe(1);
    // every channel is accounted for: the one main sends on is the only one without a handler
    const handled = new Set([...ipcMain.handlers.keys(), ...ipcMain.listeners.keys()]);
    expect(Object.values(IPC).filter((c) => !handled.has(c))).toEqual([IPC.events]);
  });

  it('refuses a second connection while the first is live (Electron allows one invoke handler per channel)', () => {
    const other = new FakeBrowserWindow({});
    expect(() => connectIpc(other as unknown as BrowserWindow, session, isOwnUrl)).toThrow(/second handler/);
  });

  it('removes every handler and listener when disconnected, so a new window can connect', () => {
    disconnect();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.size).toBe(0);
    expect(win.webContents.listenerCount('did-start-loading')).toBe(0);
    disconnect = connectIpc(win as unknown as BrowserWindow, session, isOwnUrl);
    expect([...ipcMain.handlers.keys()]).toEqual([IPC.command]);
  });
});

describe('who may send', () => {
  it('answers our own page', async () => {
    const reply = await command('snapshot', {});
    expect(reply.ok).toBe(true);
    if (reply.ok) expect(reply.result).toMatchObject({ nodes: [], links: [], messages: [], networkKey: false });
  });

  it('refuses another webContents, a subframe, a foreign page, a missing frame and a destroyed window', async () => {
    const refused = { ok: false, error: 'refused: the command did not come from the Gossip Lab window' };
    const stranger = new FakeBrowserWindow({}).webContents;
    stranger.mainFrame.url = PAGE;
    expect(await command('snapshot', {}, ipcEvent(stranger))).toEqual(refused);
    expect(await command('snapshot', {}, ipcEvent(win.webContents, { url: PAGE }))).toEqual(refused); // a frame that is not the main one
    expect(await command('snapshot', {}, ipcEvent(win.webContents, null))).toEqual(refused);
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await command('snapshot', {})).toEqual(refused);
    win.webContents.mainFrame.url = PAGE;
    win.close();
    expect(await command('snapshot', {})).toEqual(refused);
  });

  it('runs nothing for a refused sender', async () => {
    const stranger = new FakeBrowserWindow({}).webContents;
    await command('setTiming', { gossipCount: 3 }, ipcEvent(stranger));
    expect(session.snapshot().timing.gossipCount).not.toBe(3);
    await command('setTiming', { gossipCount: 3 });
    expect(session.snapshot().timing.gossipCount).toBe(3);
  });

  it('ignores ready from anyone but our page', async () => {
    ipcMain.emit(IPC.ready, ipcEvent(new FakeBrowserWindow({}).webContents));
    await command('setTiming', { gossipCount: 4 });
    await waitFor(() => session.snapshot().timing.gossipCount === 4, { what: 'the new timing' });
    await new Promise((r) => setTimeout(r, 30));
    expect(sentBatches()).toEqual([]);
  });
});

describe('validation', () => {
  it('answers an error, never throws, for a name that is not a string or not a command', async () => {
    expect(await command(42, {})).toEqual({ ok: false, error: 'the command name must be a string' });
    expect(await command(undefined, {})).toEqual({ ok: false, error: 'the command name must be a string' });
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      const reply = await command(name, {});
      expect(reply.ok, name).toBe(false);
      if (!reply.ok) expect(reply.error).toMatch(/^unknown command/);
    }
  });

  it('answers an error for every command of the contract given arguments that are not an object', async () => {
    for (const name of Object.keys(commandSchemas)) {
      const reply = await command(name, 'not an object');
      expect(reply.ok, name).toBe(false);
      if (!reply.ok) expect(reply.error.length, name).toBeGreaterThan(0);
    }
  });

  it('answers a readable error for out-of-range arguments and starts nothing', async () => {
    for (const args of [{ count: 0 }, { count: 1001 }, { count: 2.5 }, { count: '3' }, {}]) {
      const reply = await command('addPeers', args);
      expect(reply.ok, JSON.stringify(args)).toBe(false);
      if (!reply.ok) expect(reply.error).toMatch(/peer count/);
    }
    const key = await command('setNetworkKey', { keyText: 'short' });
    expect(key.ok).toBe(false);
    expect(session.snapshot().nodes).toEqual([]);
    expect(session.snapshot().networkKey).toBe(false);
  });
});

describe('event batches', () => {
  it('queues batches until our page says ready, then sends them in order on the events channel', async () => {
    await command('setTiming', { gossipCount: 5 });
    await new Promise((r) => setTimeout(r, 30));
    expect(sentBatches()).toEqual([]);
    ipcMain.emit(IPC.ready, ipcEvent(win.webContents));
    expect(sentBatches()).toEqual([[{ kind: 'timing', timing: expect.objectContaining({ gossipCount: 5 }) }]]);
    // from now on batches go straight out
    await command('setNetworkKey', { keyText: 'a-network-key-of-enough-length' });
    await waitFor(() => sentBatches().length === 2, { what: 'the network-key batch' });
    expect(sentBatches()[1]).toContainEqual({ kind: 'network-key', on: true });
    expect(JSON.stringify(win.webContents.sent)).not.toContain('a-network-key-of-enough-length');
  });

  it('queues again while the page reloads, dropping what the old page did not get', async () => {
    ipcMain.emit(IPC.ready, ipcEvent(win.webContents));
    win.webContents.emit('did-start-loading');
    await command('setTiming', { gossipCount: 6 });
    await new Promise((r) => setTimeout(r, 30));
    expect(sentBatches()).toEqual([]);
    win.webContents.emit('did-start-loading'); // a second reload: the queue restarts empty
    await command('setTiming', { gossipCount: 7 });
    await new Promise((r) => setTimeout(r, 30));
    ipcMain.emit(IPC.ready, ipcEvent(win.webContents));
    expect(sentBatches()).toEqual([[{ kind: 'timing', timing: expect.objectContaining({ gossipCount: 7 }) }]]);
  });

  it('sends nothing once disconnected or to a destroyed window', async () => {
    ipcMain.emit(IPC.ready, ipcEvent(win.webContents));
    win.close();
    await session.execute('setTiming', { gossipCount: 8 });
    await new Promise((r) => setTimeout(r, 30));
    expect(sentBatches()).toEqual([]);
  });
});
