/**
 * The renderer store (src/renderer/src/store: slices combined in index.ts, reducers in reduce.ts)
 * fed with snapshots and event batches shaped as the host sends them: nodes and links come and
 * go, nodes live through up → down → dead → removed, messages carry the host's `reached`, the
 * degree report, timing, load, topology and the network key replace what was shown, notices stack
 * newest first, and every batch is one store update with fresh Maps (no mutation of the old state).
 * zustand works without a DOM, so this runs in vitest's node environment.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { degreeReport } from '../../../src/host/degreeReport';
import { linkKey, useLabStore } from '../../../src/renderer/src/store';
import type { LabState } from '../../../src/renderer/src/store';
import { MAX_MESSAGES, MAX_NOTICES } from '../../../src/renderer/src/store/types';
import type { TopologySummary, UiEvent } from '../../../src/shared/types';
import { EMPTY_REPORT, lifeEvent, linkEvent, message, node, nodeEvent, snapshot } from '../fixtures';

const A = '127.0.0.1:7001';
const B = '127.0.0.1:7002';
const C = '127.0.0.1:7003';
const SEED = '127.0.0.1:6000';

const state = (): LabState => useLabStore.getState();
const apply = (...batch: UiEvent[]): void => state().applyEvents(batch);
const lives = (): Record<string, string> => Object.fromEntries([...state().nodes.values()].map((n) => [n.id, n.life]));
const linkKeys = (): string[] => [...state().links.keys()].sort();

beforeEach(() => {
  useLabStore.setState(useLabStore.getInitialState(), true);
});

describe('a fresh store', () => {
  it('is empty, not synced and connecting, with no timing until the first snapshot', () => {
    const s = state();
    expect(s.nodes.size).toBe(0);
    expect(s.links.size).toBe(0);
    expect(s.messages.size).toBe(0);
    expect(s.messageOrder).toEqual([]);
    expect(s.report).toEqual(EMPTY_REPORT);
    expect(s.timing).toBeNull();
    expect(s.networkKey).toBe(false);
    expect(s.synced).toBe(false);
    expect(s.connection).toBe('connecting');
    expect(s.notices).toEqual([]);
  });
});

describe('applySnapshot', () => {
  it('replaces everything the host owns and marks the store synced', () => {
    const report = degreeReport([1, 2, 2, 3]);
    const snap = snapshot({
      nodes: [node(SEED, { role: 'seed' }), node(A, { degree: 1 }), node(B, { degree: 1, origin: 'remote' })],
      links: [[B, A]], // either order: the store keys it a < b
      messages: [message('m1', 1000, 2), message('m2', 3000, 1), message('m3', 2000, 3)],
      report,
      remoteSeeds: [{ id: '10.0.0.5:6000', answering: true, error: null }],
      networkKey: true,
    });
    state().applySnapshot(snap);
    const s = state();
    expect([...s.nodes.keys()]).toEqual([SEED, A, B]);
    expect(s.nodes.get(B)?.origin).toBe('remote');
    expect([...s.links.entries()]).toEqual([[`${A} ${B}`, { a: A, b: B }]]);
    expect(s.messageOrder).toEqual(['m2', 'm3', 'm1']);
    expect(s.messages.get('m3')?.reached).toBe(3);
    expect(s.report).toBe(report);
    expect(s.timing).toEqual(snap.timing);
    expect(s.remoteSeeds).toEqual([{ id: '10.0.0.5:6000', answering: true, error: null }]);
    expect(s.networkKey).toBe(true);
    expect(s.synced).toBe(true);
  });

  it('drops what the new snapshot no longer has (a resync after reconnecting)', () => {
    state().applySnapshot(snapshot({ nodes: [node(A), node(B)], links: [[A, B]], messages: [message('m1', 1)] }));
    state().applySnapshot(snapshot({ nodes: [node(C)] }));
    expect([...state().nodes.keys()]).toEqual([C]);
    expect(state().links.size).toBe(0);
    expect(state().messages.size).toBe(0);
  });

  it('keeps the selection when the node is still there, clears it when not; keeps notices', () => {
    state().selectNode(A);
    state().addNotice('info', 'hello', 1);
    state().applySnapshot(snapshot({ nodes: [node(A)] }));
    expect(state().selectedNode).toBe(A);
    state().applySnapshot(snapshot({ nodes: [node(B)] }));
    expect(state().selectedNode).toBeNull();
    expect(state().notices.map((n) => n.text)).toEqual(['hello']);
  });

  it('keeps only the newest messages', () => {
    const many = Array.from({ length: MAX_MESSAGES + 10 }, (_, i) => message(`m${i}`, i));
    state().applySnapshot(snapshot({ messages: many }));
    expect(state().messageOrder).toHaveLength(MAX_MESSAGES);
    expect(state().messageOrder[0]).toBe(`m${MAX_MESSAGES + 9}`);
    expect(state().messages.size).toBe(MAX_MESSAGES);
    expect(state().messages.has('m0')).toBe(false);
  });
});

describe('nodes and links', () => {
  it('adds nodes and links, and removes links when they go down', () => {
    apply(nodeEvent(SEED, { role: 'seed' }), nodeEvent(A), nodeEvent(B), linkEvent(A, B));
    expect([...state().nodes.keys()].sort()).toEqual([SEED, A, B]);
    expect(linkKeys()).toEqual([`${A} ${B}`]);
    expect(state().links.get(linkKey(B, A))).toEqual({ a: A, b: B });
    apply(linkEvent(A, B, false));
    expect(state().links.size).toBe(0);
  });

  it('keys an undirected link once, whatever the order of its ends', () => {
    expect(linkKey(B, A)).toBe(linkKey(A, B));
    apply(linkEvent(A, B), linkEvent(B, A));
    expect(linkKeys()).toEqual([`${A} ${B}`]);
    apply(linkEvent(B, A, false));
    expect(state().links.size).toBe(0);
  });

  it('upserts a node: the latest event wins (degree, role, origin)', () => {
    apply(nodeEvent(A, { degree: 1 }));
    apply(nodeEvent(A, { degree: 4 }));
    expect(state().nodes.get(A)?.degree).toBe(4);
    expect(state().nodes.size).toBe(1);
  });

  it('lives through up → down → dead → removed, and a removed node takes its links and selection with it', () => {
    apply(nodeEvent(A), nodeEvent(B), nodeEvent(C), linkEvent(A, B), linkEvent(B, C), linkEvent(A, C));
    state().selectNode(B);
    expect(lives()[B]).toBe('up');
    apply(lifeEvent(B, 'down')); // killed: its neighbours have not noticed yet
    expect(lives()[B]).toBe('down');
    expect(linkKeys()).toHaveLength(3); // links stay until the host says otherwise
    apply(lifeEvent(B, 'dead'), { kind: 'dead-reported', reporter: A, dead: B, report: `Dead Node:${B}:1:${A}` });
    expect(lives()[B]).toBe('dead');
    apply({ kind: 'node-removed', id: B });
    expect(state().nodes.has(B)).toBe(false);
    expect(linkKeys()).toEqual([`${A} ${C}`]);
    expect(state().selectedNode).toBeNull();
  });

  it('takes a node stopped and restarted on the same address in one batch as the new node (the host sends its links down first)', () => {
    apply(nodeEvent(A, { degree: 1 }), nodeEvent(B, { degree: 1 }), linkEvent(A, B));
    apply(linkEvent(A, B, false), nodeEvent(A, { degree: 0 }), { kind: 'node-removed', id: B }, nodeEvent(B, { degree: 0 }), linkEvent(B, C), nodeEvent(C));
    expect(state().nodes.get(B)).toEqual(node(B, { degree: 0 }));
    expect(linkKeys()).toEqual([`${B} ${C}`]);
  });

  it('ignores the removal of a node it does not know', () => {
    apply(nodeEvent(A));
    const before = state();
    apply({ kind: 'node-removed', id: C });
    expect(state()).toBe(before);
  });
});

describe('messages', () => {
  it('adds messages newest first', () => {
    apply({ kind: 'message', message: message('old', 1000) }, { kind: 'message', message: message('new', 2000) });
    expect(state().messageOrder).toEqual(['new', 'old']);
  });

  it('shows the host’s `reached` as sent: replaced, never counted in the page', () => {
    apply({ kind: 'message', message: message('m', 1000, 1) });
    apply(
      { kind: 'gossip', id: 'm', node: B, from: A, hops: 1, at: 1001 },
      { kind: 'gossip', id: 'm', node: C, from: B, hops: 2, at: 1002 },
    );
    expect(state().messages.get('m')?.reached).toBe(1); // gossip events are samples: they count nothing
    apply({ kind: 'message', message: message('m', 1000, 17) });
    expect(state().messages.get('m')?.reached).toBe(17);
    apply({ kind: 'message', message: message('m', 1000, 12) }); // the host recounted (a peer left): still replaced
    expect(state().messages.get('m')?.reached).toBe(12);
    expect(state().messageOrder).toEqual(['m']);
  });

  it('keeps only the newest MAX_MESSAGES', () => {
    apply(...Array.from({ length: MAX_MESSAGES + 5 }, (_, i): UiEvent => ({ kind: 'message', message: message(`m${i}`, 10_000 + i) })));
    expect(state().messageOrder).toHaveLength(MAX_MESSAGES);
    expect(state().messages.size).toBe(MAX_MESSAGES);
    expect(state().messageOrder.at(-1)).toBe('m5');
  });

  it('counts every message the host saw, beyond the MAX_MESSAGES kept', () => {
    const n = MAX_MESSAGES + 37;
    apply(...Array.from({ length: n }, (_, i): UiEvent => ({ kind: 'message', message: message(`m${i}`, 10_000 + i), total: i + 1 })));
    expect(state().messages.size).toBe(MAX_MESSAGES);
    expect(state().messageTotal).toBe(n);
    apply({ kind: 'message', message: message('m3', 10_003, 9), total: 5 }); // an older count never lowers it
    expect(state().messageTotal).toBe(n);
    state().applySnapshot(snapshot({ messages: [message('a', 1)], messageTotal: 9_000 }));
    expect(state().messageTotal).toBe(9_000);
  });
});

describe('remote seeds', () => {
  it('adds a seed, updates its status in place, and removes it', () => {
    const a = { id: '10.0.0.5:6000', answering: true, error: null };
    const b = { id: '10.0.0.6:6000', answering: true, error: null };
    apply({ kind: 'remote-seed', seed: a }, { kind: 'remote-seed', seed: b });
    const down = { ...a, answering: false, error: 'remote seed 10.0.0.5:6000 does not answer: connect ECONNREFUSED' };
    apply({ kind: 'remote-seed', seed: down });
    expect(state().remoteSeeds).toEqual([down, b]);
    apply({ kind: 'remote-seed-removed', id: a.id });
    expect(state().remoteSeeds).toEqual([b]);
  });
});

describe('single values the host replaces', () => {
  it('degree report: the latest one, as sent', () => {
    const first = degreeReport([1, 1, 2]);
    const second = degreeReport([1, 2, 3, 3, 4]);
    apply({ kind: 'degrees', report: first });
    expect(state().report).toBe(first);
    apply({ kind: 'degrees', report: first }, { kind: 'degrees', report: second });
    expect(state().report).toBe(second);
  });

  it('network key: on, then off; the store holds only the flag', () => {
    apply({ kind: 'network-key', on: true });
    expect(state().networkKey).toBe(true);
    apply({ kind: 'network-key', on: false });
    expect(state().networkKey).toBe(false);
  });

  it('timing, host load and the opened topology', () => {
    const timing = { neighbours: 3, gossipIntervalMs: 100, gossipCount: 5, livenessIntervalMs: 200, livenessMisses: 2 };
    const topology: TopologySummary = { name: 'g.txt', nodes: 3, links: 2, degrees: [1, 2, 1], histogram: [], ccdf: [], fit: null, fitLine: [] };
    apply({ kind: 'timing', timing }, { kind: 'load', load: { loopDelayP99Ms: 12, utilization: 0.4 } }, { kind: 'topology', summary: topology });
    expect(state().timing).toEqual(timing);
    expect(state().load).toEqual({ loopDelayP99Ms: 12, utilization: 0.4 });
    expect(state().topology).toBe(topology);
  });
});

describe('notices', () => {
  it('stacks notices newest first, each with its own id; a repeat within the window moves its entry up with a count (test/renderer/store/progress.test.ts)', () => {
    apply({ kind: 'notice', level: 'error', text: 'first', at: 1 }, { kind: 'notice', level: 'info', text: 'second', at: 2 });
    apply({ kind: 'notice', level: 'error', text: 'first', at: 3 });
    const notices = state().notices;
    expect(notices.map((n) => [n.text, n.level, n.at, n.count])).toEqual([
      ['first', 'error', 3, 2],
      ['second', 'info', 2, 1],
    ]);
    expect(new Set(notices.map((n) => n.id)).size).toBe(2);
  });

  it('keeps at most MAX_NOTICES, and can dismiss one or clear all', () => {
    apply(...Array.from({ length: MAX_NOTICES + 3 }, (_, i): UiEvent => ({ kind: 'notice', level: 'info', text: `n${i}`, at: i })));
    expect(state().notices).toHaveLength(MAX_NOTICES);
    expect(state().notices[0]?.text).toBe(`n${MAX_NOTICES + 2}`);
    const top = state().notices[0]!;
    state().dismissNotice(top.id);
    expect(state().notices.find((n) => n.id === top.id)).toBeUndefined();
    expect(state().notices).toHaveLength(MAX_NOTICES - 1);
    state().clearNotices();
    expect(state().notices).toEqual([]);
  });
});

describe('updates', () => {
  it('folds one batch into one store update', () => {
    const listener = vi.fn();
    const off = useLabStore.subscribe(listener);
    apply(nodeEvent(A), nodeEvent(B), linkEvent(A, B), { kind: 'message', message: message('m', 1) }, { kind: 'network-key', on: true });
    off();
    expect(listener).toHaveBeenCalledOnce();
  });

  it('does not update at all for a batch that changes nothing (transient events, repeats)', () => {
    apply(nodeEvent(A), nodeEvent(B), linkEvent(A, B));
    const before = state();
    const listener = vi.fn();
    const off = useLabStore.subscribe(listener);
    apply(
      { kind: 'gossip', id: 'm', node: B, from: A, hops: 1, at: 5 },
      { kind: 'liveness-missed', node: A, neighbour: B, misses: 1 },
      nodeEvent(A), // same as shown
      linkEvent(B, A), // already up
      linkEvent(A, C, false), // already down
    );
    off();
    expect(listener).not.toHaveBeenCalled();
    expect(state()).toBe(before);
  });

  it('never mutates the previous state: new Maps for what changed, the same ones for what did not', () => {
    apply(nodeEvent(A), nodeEvent(B), linkEvent(A, B), { kind: 'message', message: message('m', 1) });
    const before = state();
    const nodes = new Map(before.nodes);
    const links = new Map(before.links);
    apply(lifeEvent(A, 'down'), { kind: 'node-removed', id: B });
    expect(before.nodes).toEqual(nodes);
    expect(before.links).toEqual(links);
    expect(state().nodes).not.toBe(before.nodes);
    expect(state().links).not.toBe(before.links);
    expect(state().messages).toBe(before.messages);
  });
});

describe('selection and topology actions', () => {
  it('selects and clears a node and a message', () => {
    state().selectNode(A);
    state().selectMessage('m');
    expect([state().selectedNode, state().selectedMessage]).toEqual([A, 'm']);
    state().selectNode(null);
    state().selectMessage(null);
    expect([state().selectedNode, state().selectedMessage]).toEqual([null, null]);
  });

  it('sets the connection state, the opened topology and the last start', () => {
    state().setConnection('open');
    expect(state().connection).toBe('open');
    const summary: TopologySummary = { name: 't', nodes: 0, links: 0, degrees: [], histogram: [], ccdf: [], fit: null, fitLine: [] };
    state().setTopology(summary);
    expect(state().topology).toBe(summary);
    state().setTopologyStart(null);
    expect(state().topologyStart).toBeNull();
  });
});
