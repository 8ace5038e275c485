/**
 * src/renderer/src/store/sync.ts: the store fed from a RendererApi (here an in-memory one — the
 * same interface the preload and the WebSocket client implement). The first snapshot is fetched
 * and applied (retried with one notice when it fails), batches go to the store except the
 * high-rate gossip/liveness/dead-report events, which go to the transient bus only, a resync
 * snapshot replaces the state, connection changes are shown, and stopping removes every listener.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ListenerSet } from '../../../src/renderer/src/api/listeners';
import type { ConnectionState, RendererApi } from '../../../src/renderer/src/api/types';
import { useLabStore } from '../../../src/renderer/src/store';
import { startSync } from '../../../src/renderer/src/store/sync';
import { subscribeTransient } from '../../../src/renderer/src/store/transient';
import type { TransientEvent } from '../../../src/renderer/src/store/transient';
import type { CommandName, CommandReply, Snapshot, UiEvent } from '../../../src/shared/types';
import { linkEvent, message, node, nodeEvent, snapshot } from '../fixtures';

const A = '127.0.0.1:7001';
const B = '127.0.0.1:7002';

/** A RendererApi in memory: the test pushes batches, connection states and resyncs, and answers `snapshot`. */
class MemoryApi implements RendererApi {
  readonly transport = 'websocket' as const;
  readonly events = new ListenerSet<UiEvent[]>();
  readonly connection = new ListenerSet<ConnectionState>();
  readonly resync = new ListenerSet<Snapshot>();
  readonly signals: AbortSignal[] = [];
  /** Replies to `snapshot`, in order; the last one repeats. */
  replies: Array<CommandReply<'snapshot'>> = [{ ok: true, result: snapshot() }];
  commands: string[] = [];

  command<C extends CommandName>(name: C): Promise<CommandReply<C>> {
    this.commands.push(name);
    const reply = this.replies.length > 1 ? this.replies.shift() : this.replies[0];
    return Promise.resolve(reply as CommandReply<C>);
  }

  onEvents(listener: (batch: UiEvent[]) => void, options?: { signal?: AbortSignal }): void {
    if (options?.signal) this.signals.push(options.signal);
    this.events.add(listener, options?.signal);
  }

  onConnection(listener: (state: ConnectionState) => void, options?: { signal?: AbortSignal }): void {
    if (options?.signal) this.signals.push(options.signal);
    this.connection.add(listener, options?.signal);
  }

  onResync(listener: (s: Snapshot) => void, options?: { signal?: AbortSignal }): void {
    if (options?.signal) this.signals.push(options.signal);
    this.resync.add(listener, options?.signal);
  }
}

const state = () => useLabStore.getState();
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

let api: MemoryApi;
let stop: () => void = () => undefined;

beforeEach(() => {
  useLabStore.setState(useLabStore.getInitialState(), true);
  api = new MemoryApi();
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('the first snapshot', () => {
  it('is fetched at start and applied', async () => {
    api.replies = [{ ok: true, result: snapshot({ nodes: [node(A), node(B)], links: [[A, B]], networkKey: true }) }];
    stop = startSync(api, useLabStore);
    expect(api.commands).toEqual(['snapshot']);
    await flush();
    expect(state().synced).toBe(true);
    expect([...state().nodes.keys()]).toEqual([A, B]);
    expect(state().networkKey).toBe(true);
  });

  it('is retried every second while it fails, with one notice for all the failures', async () => {
    vi.useFakeTimers();
    api.replies = [
      { ok: false, error: 'the session is closed' },
      { ok: false, error: 'the session is closed' },
      { ok: true, result: snapshot({ nodes: [node(A)] }) },
    ];
    stop = startSync(api, useLabStore);
    await vi.advanceTimersByTimeAsync(0);
    expect(state().synced).toBe(false);
    expect(state().notices.map((n) => n.text)).toEqual(['could not load the current state: the session is closed — retrying']);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.commands).toEqual(['snapshot', 'snapshot', 'snapshot']);
    expect(state().synced).toBe(true);
    expect(state().notices).toHaveLength(1);
  });

  it('is not retried after stop', async () => {
    vi.useFakeTimers();
    api.replies = [{ ok: false, error: 'down' }];
    stop = startSync(api, useLabStore);
    await vi.advanceTimersByTimeAsync(0);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.commands).toEqual(['snapshot']);
  });
});

describe('event batches', () => {
  it('go to the store in one update, except gossip, liveness and dead reports, which go to the transient bus only', async () => {
    stop = startSync(api, useLabStore);
    await flush();
    const onBus = vi.fn<(events: readonly TransientEvent[]) => void>();
    const offBus = subscribeTransient(onBus);
    const onStore = vi.fn();
    const offStore = useLabStore.subscribe(onStore);
    const gossip: UiEvent = { kind: 'gossip', id: 'm', node: B, from: A, hops: 1, at: Date.now() };
    const missed: UiEvent = { kind: 'liveness-missed', node: A, neighbour: B, misses: 2 };
    const dead: UiEvent = { kind: 'dead-reported', reporter: A, dead: B, report: `Dead Node:${B}:1:${A}` };
    api.events.emit([nodeEvent(A), gossip, nodeEvent(B), missed, linkEvent(A, B), dead, { kind: 'message', message: message('m', 1, 2) }]);
    offStore();
    offBus();
    expect(onStore).toHaveBeenCalledOnce();
    expect(onBus).toHaveBeenCalledExactlyOnceWith([gossip, missed, dead]);
    expect(state().nodes.size).toBe(2);
    expect(state().links.size).toBe(1);
    expect(state().messages.get('m')?.reached).toBe(2);
  });

  it('are each handed to afterBatch (the screen-delay probe) after the store has them', async () => {
    const seen: Array<{ batch: readonly UiEvent[]; nodes: number }> = [];
    stop = startSync(api, useLabStore, { afterBatch: (batch) => seen.push({ batch, nodes: state().nodes.size }) });
    await flush();
    const first: UiEvent[] = [nodeEvent(A)];
    const second: UiEvent[] = [{ kind: 'gossip', id: 'm', node: B, from: A, hops: 1, at: 1 }];
    api.events.emit(first);
    api.events.emit(second);
    expect(seen).toEqual([
      { batch: first, nodes: 1 },
      { batch: second, nodes: 1 },
    ]);
  });

  it('of transient events only leave the store untouched', async () => {
    stop = startSync(api, useLabStore);
    await flush();
    const before = state();
    api.events.emit([{ kind: 'gossip', id: 'm', node: B, from: A, hops: 1, at: Date.now() }]);
    expect(state()).toBe(before);
  });

  it('stop removing the listeners: nothing reaches the store after stop', async () => {
    stop = startSync(api, useLabStore);
    await flush();
    stop();
    expect(api.signals.length).toBeGreaterThanOrEqual(3);
    expect(api.signals.every((s) => s.aborted)).toBe(true);
    api.events.emit([nodeEvent(A)]);
    expect(state().nodes.size).toBe(0);
  });
});

describe('reconnects', () => {
  it('shows the connection, says when it was lost and when it is back, and applies the resync snapshot', async () => {
    stop = startSync(api, useLabStore);
    await flush();
    api.connection.emit('connecting');
    expect(state().connection).toBe('connecting');
    expect(state().notices).toEqual([]); // not open yet: nothing was lost
    api.connection.emit('open');
    api.events.emit([nodeEvent(A)]);
    api.connection.emit('lost');
    expect(state().connection).toBe('lost');
    api.connection.emit('open');
    api.resync.emit(snapshot({ nodes: [node(B)] }));
    expect(state().notices.map((n) => [n.level, n.text])).toEqual([
      ['info', 'reconnected to the host'],
      ['error', 'connection to the host lost — reconnecting…'],
    ]);
    expect([...state().nodes.keys()]).toEqual([B]);
  });
});
