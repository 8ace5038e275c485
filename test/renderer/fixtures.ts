/** Builders of the host data the renderer's store and charts are fed with (shapes of src/shared/types.ts). */
import { DEFAULT_TIMING } from '../../src/core/peer/timing';
import type { DegreeReport, NodeLife, Snapshot, UiEvent, UiMessage, UiNode } from '../../src/shared/types';

/** A node as the host reports it. */
export function node(id: string, over: Partial<UiNode> = {}): UiNode {
  return { id, role: 'peer', origin: 'local', life: 'up', degree: 0, ...over };
}

/** A `node` upsert event. */
export function nodeEvent(id: string, over: Partial<UiNode> = {}): UiEvent {
  return { kind: 'node', node: node(id, over) };
}

/** The `node` event of `id` in a given life stage. */
export function lifeEvent(id: string, life: NodeLife): UiEvent {
  return nodeEvent(id, { life });
}

/** A `link` event. */
export function linkEvent(a: string, b: string, up = true): UiEvent {
  return { kind: 'link', a, b, up };
}

/** A gossip message with `reached` peers so far. */
export function message(id: string, at: number, reached = 1, origin = '127.0.0.1:7001'): UiMessage {
  return { id, origin, text: `${at}:${origin}:${id}`, at, reached };
}

/** An empty degree report. */
export const EMPTY_REPORT: DegreeReport = { scope: 'both', degrees: [], fit: null, histogram: [], ccdf: [], fitLine: [] };

/** A snapshot: nothing running unless given. */
export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    nodes: [],
    links: [],
    timing: { ...DEFAULT_TIMING },
    report: EMPTY_REPORT,
    messages: [],
    messageTotal: 0,
    remoteSeeds: [],
    topology: null,
    networkKey: false,
    runtime: { shards: 0, active: null, running: 0, crashed: 0, defaultShards: 1 },
    detector: 'assignment',
    faults: { rules: {}, paused: [] },
    suspicions: [],
    recording: { on: false, active: null, stopped: null },
    ...over,
  };
}
