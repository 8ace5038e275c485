/**
 * src/preload/index.ts against a fake `electron` (`contextBridge` and `ipcRenderer` recorded):
 * the page gets only the typed `lab` API (exact method set, frozen, read-only), each method uses
 * the contract's channel, event listeners subscribe and unsubscribe by AbortSignal, `ready` is
 * said once, and no raw `ipcRenderer` crosses the bridge. The function that builds `window.lab`
 * is run the way Electron runs it: serialised and evaluated in another realm (a `vm` context),
 * which also proves it refers to nothing outside itself.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runInNewContext } from 'node:vm';
import { IPC } from '../../src/shared/types';
import type { LabApi, UiEvent } from '../../src/shared/types';

const fake = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    listeners,
    /** When set, `executeInMainWorld` throws it (an Electron without that API). */
    executeFails: null as Error | null,
    contextBridge: {
      executeInMainWorld: vi.fn(),
      exposeInMainWorld: vi.fn(),
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, result: { channel, args } })),
      send: vi.fn(),
      on: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(fn);
      }),
      removeListener: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(fn);
      }),
    },
  };
});

vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));

/** What the bridge carries: the port's two functions. */
interface Port {
  command(name: string, args: unknown): Promise<unknown>;
  subscribe(listener: (batch: UiEvent[]) => void): () => void;
}

/** Main sending a batch to the page on the events channel. */
function mainSends(batch: UiEvent[]): void {
  for (const l of [...(fake.listeners.get(IPC.events) ?? [])]) l({ sender: 'main' }, batch);
}

const listenerCount = (): number => fake.listeners.get(IPC.events)?.size ?? 0;

/** Loads a fresh preload; returns what it handed to `executeInMainWorld`. */
async function loadPreload(): Promise<{ func: (port: Port) => void; args: unknown[] }> {
  vi.resetModules();
  fake.listeners.clear();
  vi.clearAllMocks();
  fake.contextBridge.executeInMainWorld.mockImplementation(() => {
    if (fake.executeFails) throw fake.executeFails;
  });
  await import('../../src/preload/index');
  expect(fake.contextBridge.executeInMainWorld).toHaveBeenCalledOnce();
  return fake.contextBridge.executeInMainWorld.mock.calls[0]?.[0] as { func: (port: Port) => void; args: unknown[] };
}

/** Runs the page-side function as Electron does: from its source text, in the page's own realm. */
function runInPage(func: (port: Port) => void, port: Port): { lab: LabApi; page: Record<string, unknown> } {
  const page: Record<string, unknown> = {};
  runInNewContext(`(${func.toString()})(port)`, Object.assign(page, { port }));
  return { lab: page.lab as LabApi, page };
}

beforeEach(() => {
  fake.executeFails = null;
});

describe('what crosses the bridge', () => {
  it('runs one page-side function with one port of exactly two functions, and exposes nothing else', async () => {
    const { func, args } = await loadPreload();
    expect(typeof func).toBe('function');
    expect(args).toHaveLength(1);
    const port = args[0] as Record<string, unknown>;
    expect(Object.keys(port).sort()).toEqual(['command', 'subscribe']);
    for (const v of Object.values(port)) expect(typeof v).toBe('function');
    expect(Object.values(port)).not.toContain(fake.ipcRenderer);
    expect(Object.values(port)).not.toContain(fake.ipcRenderer.invoke);
    expect(Object.values(port)).not.toContain(fake.ipcRenderer.on);
    expect(fake.contextBridge.exposeInMainWorld).not.toHaveBeenCalled();
  });

  it('talks to main only through the port: nothing is sent before the page subscribes', async () => {
    await loadPreload();
    expect(fake.ipcRenderer.send).not.toHaveBeenCalled();
    expect(fake.ipcRenderer.on).not.toHaveBeenCalled();
    expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
  });
});

describe('window.lab', () => {
  it('is the typed API only: command, onEvents and transport, frozen and not replaceable', async () => {
    const { func, args } = await loadPreload();
    const { lab, page } = runInPage(func, args[0] as Port);
    expect(Object.keys(lab).sort()).toEqual(['command', 'onEvents', 'transport']);
    expect(lab.transport).toBe('electron');
    expect(Object.isFrozen(lab)).toBe(true);
    const desc = Object.getOwnPropertyDescriptor(page, 'lab');
    expect(desc).toMatchObject({ writable: false, configurable: false, enumerable: true });
    expect(JSON.stringify(Object.keys(page).sort())).toBe(JSON.stringify(['lab', 'port']));
  });

  it('command invokes the command channel with the name and arguments', async () => {
    const { func, args } = await loadPreload();
    const { lab } = runInPage(func, args[0] as Port);
    const reply = await lab.command('addPeers', { count: 3 });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(IPC.command, 'addPeers', { count: 3 });
    expect(reply).toEqual({ ok: true, result: { channel: IPC.command, args: ['addPeers', { count: 3 }] } });
  });

  it('command always sends the name as a string', async () => {
    const { args } = await loadPreload();
    await (args[0] as Port).command({ toString: () => 'snapshot' } as unknown as string, {});
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(IPC.command, 'snapshot', {});
  });

  it('onEvents delivers batches from the events channel until its signal aborts', async () => {
    const { func, args } = await loadPreload();
    const { lab } = runInPage(func, args[0] as Port);
    const got: UiEvent[][] = [];
    const ctrl = new AbortController();
    lab.onEvents((batch) => got.push(batch), { signal: ctrl.signal });
    expect(fake.ipcRenderer.on).toHaveBeenCalledOnce();
    expect(fake.ipcRenderer.on.mock.calls[0]?.[0]).toBe(IPC.events);
    const batch: UiEvent[] = [{ kind: 'network-key', on: true }];
    mainSends(batch);
    expect(got).toEqual([batch]);
    ctrl.abort();
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledExactlyOnceWith(IPC.events, fake.ipcRenderer.on.mock.calls[0]?.[1]);
    expect(listenerCount()).toBe(0);
    mainSends(batch);
    expect(got).toHaveLength(1);
  });

  it('the listener gets the batch only, never the IPC event (no sender leaks into the page)', async () => {
    const { func, args } = await loadPreload();
    const { lab } = runInPage(func, args[0] as Port);
    const calls: unknown[][] = [];
    lab.onEvents((...a: unknown[]) => calls.push(a));
    mainSends([]);
    expect(calls).toEqual([[[]]]);
  });

  it('an already aborted signal subscribes nothing', async () => {
    const { func, args } = await loadPreload();
    const { lab } = runInPage(func, args[0] as Port);
    lab.onEvents(() => undefined, { signal: AbortSignal.abort() });
    expect(fake.ipcRenderer.on).not.toHaveBeenCalled();
    expect(fake.ipcRenderer.send).not.toHaveBeenCalled();
  });

  it('says ready on the ready channel once, at the first subscription', async () => {
    const { func, args } = await loadPreload();
    const { lab } = runInPage(func, args[0] as Port);
    const ctrl = new AbortController();
    lab.onEvents(() => undefined, { signal: ctrl.signal });
    lab.onEvents(() => undefined);
    ctrl.abort();
    lab.onEvents(() => undefined);
    expect(fake.ipcRenderer.send).toHaveBeenCalledExactlyOnceWith(IPC.ready);
    expect(listenerCount()).toBe(2);
  });
});

describe('the port', () => {
  it("subscribe's unsubscribe removes exactly its own listener, once", async () => {
    const { args } = await loadPreload();
    const port = args[0] as Port;
    const a = vi.fn();
    const b = vi.fn();
    const offA = port.subscribe(a);
    port.subscribe(b);
    offA();
    offA();
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledOnce();
    mainSends([{ kind: 'network-key', on: false }]);
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledOnce();
  });
});

describe('an Electron without executeInMainWorld', () => {
  it('falls back to exposing the same three members, still without ipcRenderer', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.executeFails = new Error('executeInMainWorld is not a function');
    await loadPreload();
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('lab');
    expect(Object.keys(api).sort()).toEqual(['command', 'onEvents', 'transport']);
    expect(api.transport).toBe('electron');
    expect(Object.values(api)).not.toContain(fake.ipcRenderer);
    const lab = api as unknown as { command: LabApi['command']; onEvents: (l: (b: UiEvent[]) => void) => () => void };
    await lab.command('snapshot', {});
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(IPC.command, 'snapshot', {});
    const got = vi.fn();
    const off = lab.onEvents(got);
    expect(fake.ipcRenderer.send).toHaveBeenCalledExactlyOnceWith(IPC.ready);
    mainSends([]);
    off();
    mainSends([]);
    expect(got).toHaveBeenCalledOnce();
  });
});
