/**
 * Suspicions in the renderer store: a swim peer's `suspect` event marks its neighbour suspected;
 * the suspicion ends on `suspicion-refuted`, on a dead report, when the link goes down, and when
 * either node is removed or no longer up. Dead reports reach the store through the sync (they are
 * also transient). Every change is a new Map; an event that changes nothing keeps the old one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useLabStore } from '../../../src/renderer/src/store';
import type { LabState } from '../../../src/renderer/src/store';
import { foldSuspicion, suspicionsFrom } from '../../../src/renderer/src/store/suspicions';
import type { UiEvent } from '../../../src/shared/types';
import { lifeEvent, linkEvent, nodeEvent, snapshot } from '../fixtures';

const A = '127.0.0.1:7001';
const B = '127.0.0.1:7002';
const C = '127.0.0.1:7003';

const state = (): LabState => useLabStore.getState();
const apply = (...batch: UiEvent[]): void => state().applyEvents(batch);
const suspect = (node: string, neighbour: string): UiEvent => ({ kind: 'suspect', node, neighbour, incarnation: 0 });
const refute = (node: string, neighbour: string): UiEvent => ({ kind: 'suspicion-refuted', node, neighbour, incarnation: 1 });
const shown = (): Record<string, string[]> => Object.fromEntries([...state().suspicions].map(([id, by]) => [id, [...by].sort()]));

beforeEach(() => {
  useLabStore.setState(useLabStore.getInitialState(), true);
  apply(nodeEvent(A), nodeEvent(B), nodeEvent(C), linkEvent(A, B), linkEvent(A, C), linkEvent(B, C));
});

describe('suspicions in the store', () => {
  it('keeps who suspects whom, and a refutation ends one suspicion', () => {
    apply(suspect(A, B), suspect(C, B));
    expect(shown()).toEqual({ [B]: [A, C] });
    apply(refute(A, B));
    expect(shown()).toEqual({ [B]: [C] });
    apply(refute(C, B));
    expect(shown()).toEqual({});
  });

  it('ends every suspicion of a node reported dead, or no longer up, or removed', () => {
    apply(suspect(A, B), suspect(C, B), suspect(B, C));
    apply({ kind: 'dead-reported', reporter: A, dead: B, report: 'Dead Node:…' });
    expect(shown()).toEqual({ [C]: [B] });
    apply(suspect(A, B), lifeEvent(B, 'down'));
    // a node that is down neither is suspected nor suspects
    expect(shown()).toEqual({});
    apply(nodeEvent(B), suspect(A, C), { kind: 'node-removed', id: A });
    expect(shown()).toEqual({});
  });

  it('ends a suspicion when the link between the two goes down', () => {
    apply(suspect(A, B), suspect(B, A), suspect(C, B));
    apply(linkEvent(A, B, false));
    expect(shown()).toEqual({ [B]: [C] });
  });

  it('replaces the Map on change only', () => {
    const before = state().suspicions;
    apply(refute(A, B), linkEvent(A, C, false), nodeEvent(A, { degree: 3 }));
    expect(state().suspicions).toBe(before);
    apply(suspect(A, B));
    const after = state().suspicions;
    expect(after).not.toBe(before);
    expect(before.size).toBe(0);
  });

  it('folds one event at a time the same way, without mutating its input', () => {
    const start = suspicionsFrom([[B, [A, C]]]);
    const next = foldSuspicion(start, { kind: 'node-removed', id: A });
    expect([...start.get(B)!].sort()).toEqual([A, C]);
    expect([...next.get(B)!]).toEqual([C]);
    expect(foldSuspicion(start, { kind: 'degrees', report: state().report })).toBe(start);
  });

  it('takes the suspicions, the detector and the faults of a snapshot', () => {
    state().applySnapshot(snapshot({ detector: 'swim', suspicions: [[B, [A]]], faults: { rules: { network: { loss: 0.1 } }, paused: [] } }));
    expect(shown()).toEqual({ [B]: [A] });
    expect(state().detector).toBe('swim');
    expect(state().faults.rules).toEqual({ network: { loss: 0.1 } });
    apply({ kind: 'detector', detector: 'assignment' }, { kind: 'faults', faults: { rules: {}, paused: [] } });
    expect(state().detector).toBe('assignment');
    expect(state().faults.rules).toEqual({});
  });
});

describe('chaos targets', () => {
  it('toggles nodes, makes one link the target, and drops targets whose nodes are gone', () => {
    state().toggleTarget(A);
    state().toggleTarget(B);
    expect(state().targets).toEqual({ nodes: [A, B], link: null });
    state().toggleTarget(A);
    expect(state().targets.nodes).toEqual([B]);
    apply({ kind: 'node-removed', id: B });
    expect(state().targets.nodes).toEqual([]);
    state().setLinkTarget({ a: A, b: C });
    expect(state().targets).toEqual({ nodes: [], link: { a: A, b: C } });
    state().applySnapshot(snapshot({ nodes: [{ id: A, role: 'peer', origin: 'local', life: 'up', degree: 0 }] }));
    expect(state().targets).toEqual({ nodes: [], link: null });
  });
});
