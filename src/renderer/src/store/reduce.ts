/**
 * Pure reducers from host data to store fields. Each returns only the fields that changed, with
 * new Map/array objects for them (copy on first write), so one batch is one store update.
 */
import type { Snapshot, TaskProgress, UiEvent, UiMessage, UiNode } from '../../../shared/types';
import { foldSuspicion, suspicionsFrom } from './suspicions';
import { MAX_ENDED_TASKS, MAX_MESSAGES, MAX_NOTICES, NOTICE_COALESCE_MS, type ChaosTargets, type LabState, type Link, type Notice } from './types';

/** The key of the undirected link between `x` and `y`: `"a b"` with a < b. */
export function linkKey(x: string, y: string): string {
  return x < y ? `${x} ${y}` : `${y} ${x}`;
}

let noticeSeq = 1;

/**
 * A new notice with a fresh id.
 * @param key what its repeats share (default: level and text)
 * @param count how many times it came (the host's count for a repeat; default 1)
 */
export function makeNotice(level: Notice['level'], text: string, at: number = Date.now(), key?: string, count = 1): Notice {
  return { id: noticeSeq++, level, text, at, key: key ?? `${level}:${text}`, count };
}

/**
 * Prepends notices (given oldest first) to `list`, newest first, capped. A notice whose key an
 * entry has, within {@link NOTICE_COALESCE_MS} of that entry's time, replaces it at the top with
 * its id and a higher count (the host's, when that is higher): one entry "… (×3)", not three.
 */
export function pushNotices(list: readonly Notice[], added: readonly Notice[]): Notice[] {
  let out = [...list];
  for (const n of added) {
    const i = out.findIndex((o) => o.key === n.key && o.level === n.level && Math.abs(n.at - o.at) < NOTICE_COALESCE_MS);
    if (i < 0) {
      out.unshift(n);
      continue;
    }
    const old = out[i]!;
    out.splice(i, 1);
    out.unshift({ ...n, id: old.id, count: n.count > old.count ? n.count : old.count + 1 });
  }
  if (out.length > MAX_NOTICES) out = out.slice(0, MAX_NOTICES);
  return out;
}

/** The tasks after one `progress` event: the task upserted, ended ones beyond {@link MAX_ENDED_TASKS} dropped (oldest first). */
export function foldProgress(tasks: ReadonlyMap<number, TaskProgress>, ev: TaskProgress): Map<number, TaskProgress> {
  const next = new Map(tasks);
  const { task, id, label, done, total, state } = ev;
  next.set(id, { task, id, label, done, total, state });
  const ended = [...next.values()].filter((t) => t.state !== 'running').sort((a, b) => a.id - b.id);
  for (const t of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_TASKS))) next.delete(t.id);
  return next;
}

function sameNode(a: UiNode, b: UiNode): boolean {
  return a.role === b.role && a.origin === b.origin && a.life === b.life && a.degree === b.degree;
}

/** Message ids ordered newest first (by creation time), capped. */
function orderMessages(messages: Map<string, UiMessage>): string[] {
  return [...messages.values()]
    .sort((x, y) => y.at - x.at)
    .slice(0, MAX_MESSAGES)
    .map((m) => m.id);
}

/** Keeps only the messages in `order`. */
function trimMessages(messages: Map<string, UiMessage>, order: readonly string[]): Map<string, UiMessage> {
  if (messages.size <= order.length) return messages;
  const keep = new Map<string, UiMessage>();
  for (const id of order) {
    const m = messages.get(id);
    if (m !== undefined) keep.set(id, m);
  }
  return keep;
}

/** Store fields for a fresh snapshot. */
export function fromSnapshot(s: Snapshot, state: Pick<LabState, 'selectedNode'> & Partial<Pick<LabState, 'targets'>>): Partial<LabState> {
  const nodes = new Map<string, UiNode>(s.nodes.map((n) => [n.id, n]));
  const links = new Map<string, Link>();
  for (const [x, y] of s.links) {
    const key = linkKey(x, y);
    links.set(key, x < y ? { a: x, b: y } : { a: y, b: x });
  }
  const all = new Map<string, UiMessage>(s.messages.map((m) => [m.id, m]));
  const messageOrder = orderMessages(all);
  return {
    nodes,
    links,
    remoteSeeds: s.remoteSeeds.map((r) => ({ ...r })),
    messages: trimMessages(all, messageOrder),
    messageOrder,
    messageTotal: Math.max(s.messageTotal ?? 0, all.size),
    report: s.report,
    topology: s.topology ?? null,
    timing: s.timing,
    networkKey: s.networkKey,
    runtime: s.runtime ?? null,
    recording: s.recording ?? { on: false, active: null, stopped: null },
    detector: s.detector ?? null,
    faults: s.faults ?? { rules: {}, paused: [] },
    suspicions: suspicionsFrom(s.suspicions),
    targets: keepTargets(state.targets ?? { nodes: [], link: null }, nodes),
    tasks: new Map((s.tasks ?? []).map((t) => [t.id, { ...t }])),
    synced: true,
    selectedNode: state.selectedNode !== null && nodes.has(state.selectedNode) ? state.selectedNode : null,
  };
}

/** The targets whose nodes are still there. */
function keepTargets(t: ChaosTargets, nodes: ReadonlyMap<string, UiNode>): ChaosTargets {
  const kept = t.nodes.filter((id) => nodes.has(id));
  const link = t.link !== null && nodes.has(t.link.a) && nodes.has(t.link.b) ? t.link : null;
  return kept.length === t.nodes.length && link === t.link ? t : { nodes: kept, link };
}

/** Store fields after a batch of events; gossip and liveness events are not stored (dead reports end suspicions). */
export function reduceEvents(state: LabState, batch: readonly UiEvent[]): Partial<LabState> {
  let nodes: Map<string, UiNode> | null = null;
  let links: Map<string, Link> | null = null;
  let messages: Map<string, UiMessage> | null = null;
  const removed = new Set<string>();
  const notices: Notice[] = [];
  const out: Partial<LabState> = {};
  let suspicions = state.suspicions;

  for (const ev of batch) {
    suspicions = foldSuspicion(suspicions, ev);
    switch (ev.kind) {
      case 'node': {
        const cur = (nodes ?? state.nodes).get(ev.node.id);
        if (cur !== undefined && sameNode(cur, ev.node)) break;
        nodes ??= new Map(state.nodes);
        nodes.set(ev.node.id, ev.node);
        removed.delete(ev.node.id);
        break;
      }
      case 'node-removed':
        if (!(nodes ?? state.nodes).has(ev.id)) break;
        nodes ??= new Map(state.nodes);
        nodes.delete(ev.id);
        removed.add(ev.id);
        break;
      case 'link': {
        const key = linkKey(ev.a, ev.b);
        const has = (links ?? state.links).has(key);
        if (has === ev.up) break;
        links ??= new Map(state.links);
        if (ev.up) links.set(key, ev.a < ev.b ? { a: ev.a, b: ev.b } : { a: ev.b, b: ev.a });
        else links.delete(key);
        break;
      }
      case 'message': {
        // the host owns `reached`: its latest count replaces the one shown
        messages ??= new Map(state.messages);
        messages.set(ev.message.id, ev.message);
        if (ev.total !== undefined && ev.total > (out.messageTotal ?? state.messageTotal)) out.messageTotal = ev.total;
        break;
      }
      case 'degrees':
        out.report = ev.report;
        break;
      case 'timing':
        out.timing = ev.timing;
        break;
      case 'network-key':
        out.networkKey = ev.on;
        break;
      case 'load':
        out.load = ev.load;
        break;
      case 'runtime':
        out.runtime = ev.runtime;
        break;
      case 'recording':
        out.recording = ev.recording;
        break;
      case 'topology':
        out.topology = ev.summary;
        break;
      case 'detector':
        out.detector = ev.detector;
        break;
      case 'faults':
        out.faults = ev.faults;
        break;
      case 'notice':
        notices.push(makeNotice(ev.level, ev.text, ev.at, ev.key, ev.count));
        break;
      case 'remote-seed': {
        const list = out.remoteSeeds ?? state.remoteSeeds;
        const at = list.findIndex((r) => r.id === ev.seed.id);
        out.remoteSeeds = at < 0 ? [...list, ev.seed] : list.map((r, i) => (i === at ? ev.seed : r));
        break;
      }
      case 'progress':
        out.tasks = foldProgress(out.tasks ?? state.tasks, ev);
        break;
      case 'remote-seed-removed':
        out.remoteSeeds = (out.remoteSeeds ?? state.remoteSeeds).filter((r) => r.id !== ev.id);
        break;
      // animation, suspicions (folded above) and the plots over time (plots/series.ts, fed by
      // main.tsx's afterBatch) read these; nothing is stored
      case 'gossip':
      case 'liveness-missed':
      case 'dead-reported':
      case 'suspect':
      case 'suspicion-refuted':
      case 'traffic':
      case 'seed-removed':
        break;
    }
  }

  if (removed.size > 0) {
    const src = links ?? state.links;
    for (const [key, l] of src) {
      if (removed.has(l.a) || removed.has(l.b)) {
        links ??= new Map(state.links);
        links.delete(key);
      }
    }
    if (state.selectedNode !== null && removed.has(state.selectedNode)) out.selectedNode = null;
    const targets = keepTargets(state.targets, nodes ?? state.nodes);
    if (targets !== state.targets) out.targets = targets;
  }
  if (suspicions !== state.suspicions) out.suspicions = suspicions;
  if (nodes !== null) out.nodes = nodes;
  if (links !== null) out.links = links;
  if (messages !== null) {
    out.messageOrder = orderMessages(messages);
    out.messages = trimMessages(messages, out.messageOrder);
  }
  if (notices.length > 0) out.notices = pushNotices(state.notices, notices);
  return out;
}
