/**
 * Applies what the {@link RemoteObserver} saw to the UI's model: remote seeds (up while they
 * answer), the peers they list (origin `remote`, removed when no seed lists them any more), and
 * the neighbour lists of remote peers, which give the links among remote peers and between remote
 * and local peers. Failures become notices, at most one per node per cooldown.
 */
import { addrKey } from '../core/protocol/addr';
import type { NeighboursAnswer } from '../core/runtime/probe';
import type { RemoteView } from '../core/runtime/observer';
import type { TopologyModel } from './topology';

/** What applying a remote view needs from the session. */
export interface RemoteContext {
  model: TopologyModel;
  /** Ids of every node hosted here. */
  localIds: ReadonlySet<string>;
  /** The last answer of each remote peer (for the inspector); updated here. */
  answers: Map<string, NeighboursAnswer>;
  /** Queues a notice; `key` rate-limits notices about the same thing. */
  notice(level: 'info' | 'error', text: string, key: string): void;
  /** Seed `id` answered (`error` null) or did not (the error, worded for the user). */
  seedAnswered(id: string, error: string | null): void;
}

/** Applies one observation round. */
export function applyRemoteView(view: RemoteView, ctx: RemoteContext): void {
  const { model } = ctx;
  for (const s of view.seeds) {
    if (s.ok) {
      // entries first: a newly listed peer must be listed before it is added, or it would be reaped
      model.setSeedList(s.id, s.peers.map(addrKey));
      model.upsertNode(s.id, 'seed', 'remote', 'up');
    } else {
      model.upsertNode(s.id, 'seed', 'remote', 'down');
    }
    ctx.seedAnswered(s.id, s.ok ? null : s.error);
  }
  for (const s of view.seeds) {
    if (!s.ok) continue;
    for (const p of s.peers) {
      const id = addrKey(p);
      if (!ctx.localIds.has(id) && !model.node(id)) model.upsertNode(id, 'peer', 'remote', 'up');
    }
  }
  for (const p of view.peers) {
    const n = model.node(p.id);
    if (!n || n.origin !== 'remote') continue; // no longer listed anywhere, or it is ours
    if (p.ok) {
      model.upsertNode(p.id, 'peer', 'remote', 'up'); // it answers: it runs, whatever was reported
      model.setList(p.id, p.answer.neighbours);
      ctx.answers.set(p.id, p.answer);
    } else {
      model.setLife(p.id, n.life === 'dead' ? 'dead' : 'down');
      ctx.answers.delete(p.id);
      ctx.notice('error', p.error, p.id);
    }
  }
  for (const id of [...ctx.answers.keys()]) if (!model.node(id)) ctx.answers.delete(id);
}
