/**
 * The detection timeline of each crashed node: its crash (its `node` event going `down`), the
 * liveness misses its neighbours count (`liveness-missed` naming it), swim suspicions (`suspect`),
 * the dead reports (`dead-reported`), its removal by each seed (`seed-removed`) and its removal
 * from the drawing (`node-removed`). Bounded: the latest {@link MAX_TRACKED_NODES} nodes, at most
 * {@link MAX_STAGE_EVENTS} events each (misses and suspicions beyond {@link MAX_EVIDENCE_EVENTS}
 * only counted).
 */
import type { UiEvent } from '../../../shared/types';

/** Crashed nodes whose timeline is kept (the latest; older ones are forgotten). */
export const MAX_TRACKED_NODES = 50;
/** Events kept per node. */
export const MAX_STAGE_EVENTS = 128;
/** Misses and suspicions kept per node (the rest only counted), so reports and removals always fit. */
export const MAX_EVIDENCE_EVENTS = 96;

/** The stages of detection, in their usual order. */
export const DETECTION_STAGES = ['crash', 'miss', 'suspect', 'dead-report', 'seed-removal', 'removed'] as const;
/** One stage of detection. */
export type DetectionStage = (typeof DETECTION_STAGES)[number];

/** One event of a node's detection: `stage` at `at` (ms since epoch), seen by `by` (the neighbour, reporter or seed; '' for crash and removal). */
export interface StageEvent {
  stage: DetectionStage;
  at: number;
  by: string;
}

/** One crashed node's timeline as the plot shows it. */
export interface DetectionRow {
  node: string;
  /** When it crashed, ms since epoch (null: its crash was not seen here, e.g. a remote node). */
  crashAt: number | null;
  /** The time the row's x axis counts from: the crash, or else its first event, ms since epoch. */
  originAt: number;
  /** Its events, oldest first, each with `dtS`: seconds since `originAt`. */
  events: Array<StageEvent & { dtS: number }>;
  /** Misses and suspicions seen but not kept (beyond {@link MAX_EVIDENCE_EVENTS}). */
  uncounted: number;
}

interface Track {
  node: string;
  crashAt: number | null;
  events: StageEvent[];
  evidence: number;
  uncounted: number;
}

/** Follows crashed nodes from crash to removal. */
export class DetectionTracker {
  private readonly tracks = new Map<string, Track>();

  /**
   * Takes one event seen at `t` (ms since epoch); `prevLife` is the node's life before a `node`
   * event (undefined when it was not known). Only the events of the stages above are used.
   */
  apply(t: number, e: UiEvent, prevLife: string | undefined): void {
    switch (e.kind) {
      case 'node':
        if (e.node.life === 'down' && prevLife !== 'down' && prevLife !== 'dead') this.start(e.node.id, t, true);
        else if (e.node.life === 'dead' && prevLife !== 'dead') this.track(e.node.id, t); // crash not seen (remote)
        return;
      case 'liveness-missed':
        this.add(e.neighbour, { stage: 'miss', at: t, by: e.node }, false);
        return;
      case 'suspect':
        this.add(e.neighbour, { stage: 'suspect', at: t, by: e.node }, false);
        return;
      case 'dead-reported':
        this.add(e.dead, { stage: 'dead-report', at: t, by: e.reporter }, true);
        return;
      case 'seed-removed':
        if (e.reason === 'dead') this.add(e.peer, { stage: 'seed-removal', at: t, by: e.seed }, true);
        else if (this.tracks.has(e.peer)) this.add(e.peer, { stage: 'seed-removal', at: t, by: e.seed }, false);
        return;
      case 'node-removed':
        if (this.tracks.has(e.id)) this.add(e.id, { stage: 'removed', at: t, by: '' }, false);
        return;
      default:
    }
  }

  /** Forgets every node. */
  clear(): void {
    this.tracks.clear();
  }

  /** The timelines as they were at `untilMs` (ms since epoch; default: everything), oldest crash first. */
  view(untilMs?: number): DetectionRow[] {
    const rows: DetectionRow[] = [];
    for (const tr of this.tracks.values()) {
      const events = untilMs === undefined ? tr.events : tr.events.filter((e) => e.at <= untilMs);
      if (events.length === 0) continue;
      const originAt = tr.crashAt ?? events[0]!.at;
      rows.push({ node: tr.node, crashAt: tr.crashAt, originAt, events: events.map((e) => ({ ...e, dtS: (e.at - originAt) / 1000 })), uncounted: tr.uncounted });
    }
    return rows;
  }

  /** Starts (or restarts, after a comeback) the timeline of `node`, crashed at `t`. */
  private start(node: string, t: number, crashed: boolean): void {
    this.tracks.delete(node);
    const tr: Track = { node, crashAt: crashed ? t : null, events: crashed ? [{ stage: 'crash', at: t, by: '' }] : [], evidence: 0, uncounted: 0 };
    this.tracks.set(node, tr);
    if (this.tracks.size > MAX_TRACKED_NODES) this.tracks.delete(this.tracks.keys().next().value as string);
  }

  /** The timeline of `node`, started now (crash not seen) when there is none. */
  private track(node: string, t: number): Track {
    if (!this.tracks.has(node)) this.start(node, t, false);
    return this.tracks.get(node)!;
  }

  /** Adds an event to `node`'s timeline; `open` starts one when there is none (else the event is ignored). */
  private add(node: string, ev: StageEvent, open: boolean): void {
    const tr = open ? this.track(node, ev.at) : this.tracks.get(node);
    if (tr === undefined) return;
    const evidence = ev.stage === 'miss' || ev.stage === 'suspect';
    if (tr.events.length >= MAX_STAGE_EVENTS || (evidence && tr.evidence >= MAX_EVIDENCE_EVENTS)) {
      tr.uncounted++;
      return;
    }
    if (evidence) tr.evidence++;
    tr.events.push(ev);
  }
}
