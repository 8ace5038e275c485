/**
 * Who suspects whom, as the renderer keeps it: suspected node → the peers whose swim detector
 * suspects it now. A `suspect` event adds one; it ends on `suspicion-refuted`, on a dead report
 * of the suspected node, when their link goes down, and when either node is removed or is no
 * longer up (down or dead: the graph draws that instead).
 */
import type { UiEvent } from '../../../shared/types';

/** Suspected node id → the ids of the peers that suspect it (never an empty Set). */
export type Suspicions = ReadonlyMap<string, ReadonlySet<string>>;

/** The suspicions a snapshot carries, as the store keeps them. */
export function suspicionsFrom(list: ReadonlyArray<readonly [string, readonly string[]]> | undefined): Suspicions {
  const out = new Map<string, ReadonlySet<string>>();
  for (const [id, by] of list ?? []) if (by.length > 0) out.set(id, new Set(by));
  return out;
}

/**
 * The suspicions after one event: `cur` itself when the event changes nothing, else a new Map
 * (with a new Set for each changed entry; `cur` is never mutated).
 */
export function foldSuspicion(cur: Suspicions, ev: UiEvent): Suspicions {
  switch (ev.kind) {
    case 'suspect':
      return withPair(cur, ev.neighbour, ev.node, true);
    case 'suspicion-refuted':
      return withPair(cur, ev.neighbour, ev.node, false);
    case 'dead-reported':
      return withoutSuspected(cur, ev.dead);
    case 'node-removed':
      return forget(cur, ev.id);
    case 'node':
      return ev.node.life === 'up' ? cur : forget(cur, ev.node.id);
    case 'link':
      return ev.up ? cur : withPair(withPair(cur, ev.a, ev.b, false), ev.b, ev.a, false);
    default:
      return cur;
  }
}

/** Adds (`on`) or removes `by`'s suspicion of `suspected`. */
function withPair(cur: Suspicions, suspected: string, by: string, on: boolean): Suspicions {
  const set = cur.get(suspected);
  if ((set?.has(by) ?? false) === on) return cur;
  const next = new Map(cur);
  const s = new Set(set);
  if (on) s.add(by);
  else s.delete(by);
  if (s.size > 0) next.set(suspected, s);
  else next.delete(suspected);
  return next;
}

function withoutSuspected(cur: Suspicions, id: string): Suspicions {
  if (!cur.has(id)) return cur;
  const next = new Map(cur);
  next.delete(id);
  return next;
}

/** `id` is neither suspected nor suspects anyone. */
function forget(cur: Suspicions, id: string): Suspicions {
  let next: Map<string, ReadonlySet<string>> | null = null;
  if (cur.has(id)) {
    next = new Map(cur);
    next.delete(id);
  }
  for (const [suspected, by] of cur) {
    if (suspected === id || !by.has(id)) continue;
    next ??= new Map(cur);
    const s = new Set(by);
    s.delete(id);
    if (s.size > 0) next.set(suspected, s);
    else next.delete(suspected);
  }
  return next ?? cur;
}
