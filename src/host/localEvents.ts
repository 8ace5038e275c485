/**
 * Turns the events of the nodes hosted here (core {@link NodeEvent}s) into changes of the UI's
 * model and into {@link UiEvent}s: nodes appear on `node-up`; a graceful stop (or a failed start)
 * removes a node at once; a kill leaves it `down` with its links until its neighbours report it
 * dead; links follow the peers' own `link-up`/`link-down`; seeds' lists follow
 * `peer-registered`/`peer-removed`; gossip updates the message log; a swim detector's
 * `suspect`/`suspicion-refuted` go to the suspicion book and on to the UI; a seed's removal of a
 * peer goes to the UI as `seed-removed` (the detection timeline); gossip is counted for the
 * `traffic` rates when the context has a counter.
 */
import type { NodeEvent } from '../core/events';
import type { UiEvent } from '../shared/types';
import type { MessageLog } from './messageLog';
import type { SuspicionBook } from './suspicions';
import type { TopologyModel } from './topology';
import type { TrafficCounter } from './traffic';

/** What applying a local event needs from the session. */
export interface LocalEventContext {
  model: TopologyModel;
  messages: MessageLog;
  /** Who suspects whom now (swim detectors). */
  suspicions: SuspicionBook;
  /** Ids of every node hosted here (filled by this module on `node-up`). */
  localIds: Set<string>;
  /** Queues a UI event. */
  push(e: UiEvent): void;
  /** True when one more `gossip` animation event may be sent now. */
  gossipAllowed(): boolean;
  /** Queues a notice for the user; repeats with the same `key` (default: the text) count on one entry. */
  notice(level: 'info' | 'error', text: string, key?: string): void;
  /** True when `id` is a local node that is running. */
  isRunningLocal(id: string): boolean;
  /** The local topology (links or peers) changed: degrees should be recomputed. */
  topologyChanged(): void;
  /** Counts gossip for the `traffic` events (absent: not counted). */
  traffic?: TrafficCounter;
}

/** Applies one event of a local node. Never throws for well-formed events. */
export function applyLocalEvent(e: NodeEvent, ctx: LocalEventContext): void {
  const { model } = ctx;
  ctx.traffic?.record(e);
  switch (e.type) {
    case 'node-up':
      ctx.localIds.add(e.node);
      model.upsertNode(e.node, e.role, 'local', 'up');
      ctx.topologyChanged();
      return;
    case 'node-down':
      ctx.suspicions.forget(e.node);
      nodeDown(e, ctx);
      ctx.topologyChanged();
      return;
    case 'join-failed':
      ctx.notice('error', `peer ${e.node} could not join: ${e.message}`, `join-failed:${e.message}`);
      return;
    case 'link-up':
      if (ctx.isRunningLocal(e.node)) model.addListing(e.node, e.neighbour);
      ctx.topologyChanged();
      return;
    case 'link-down':
      ctx.suspicions.end(e.node, e.neighbour);
      model.removeListing(e.node, e.neighbour);
      ctx.topologyChanged();
      return;
    case 'gossip-generated':
      ctx.push({ kind: 'message', message: ctx.messages.created(e.id, e.node, e.text, e.at), total: ctx.messages.total });
      return;
    case 'gossip-received': {
      // a message not known yet is added (its creation may still be on its way from another
      // shard); one the log forgot is not brought back
      const message = ctx.messages.received({ id: e.id, origin: e.origin, node: e.node, from: e.from, hops: e.hops, at: e.at, latencyMs: e.latencyMs });
      if (message) ctx.push({ kind: 'message', message, total: ctx.messages.total });
      // animate the receipt even when the log no longer keeps its message (it keeps the latest
      // 500: on a busy network, receipts come in for messages created longer ago than that)
      if (ctx.gossipAllowed()) ctx.push({ kind: 'gossip', id: e.id, node: e.node, from: e.from, hops: e.hops, at: e.at });
      return;
    }
    case 'liveness-missed':
      ctx.push({ kind: 'liveness-missed', node: e.node, neighbour: e.neighbour, misses: e.misses });
      return;
    case 'suspect':
      ctx.suspicions.suspect(e.node, e.neighbour);
      ctx.push({ kind: 'suspect', node: e.node, neighbour: e.neighbour, incarnation: e.incarnation });
      return;
    case 'suspicion-refuted':
      ctx.suspicions.end(e.node, e.neighbour);
      ctx.push({ kind: 'suspicion-refuted', node: e.node, neighbour: e.neighbour, incarnation: e.incarnation });
      return;
    case 'dead-node-reported':
      ctx.suspicions.clearSuspected(e.dead);
      ctx.push({ kind: 'dead-reported', reporter: e.node, dead: e.dead, report: e.report });
      markDead(e.dead, ctx);
      return;
    case 'peer-registered':
      model.addSeedEntry(e.node, e.peer);
      // a peer from elsewhere that joined through one of our seeds
      if (!ctx.localIds.has(e.peer) && !model.node(e.peer)) model.upsertNode(e.peer, 'peer', 'remote', 'up');
      return;
    case 'peer-removed':
      if (e.reason === 'dead') {
        ctx.suspicions.clearSuspected(e.peer);
        markDead(e.peer, ctx);
      }
      // before the removal it may cause (`node-removed` once no seed lists the peer)
      ctx.push({ kind: 'seed-removed', seed: e.node, peer: e.peer, reason: e.reason, at: e.at });
      model.removeSeedEntry(e.node, e.peer);
      return;
    default:
    // registered, peer-list, joined, degree, peer-degree, protocol-error: nothing to draw
  }
}

function nodeDown(e: Extract<NodeEvent, { type: 'node-down' }>, ctx: LocalEventContext): void {
  const { model } = ctx;
  if (e.reason === 'killed' && e.role === 'peer') {
    // crashed: it stays, drawn as down, with the links its neighbours still have, until reported dead
    model.setLife(e.node, 'down');
    return;
  }
  if (e.reason === 'killed') ctx.notice('info', `seed ${e.node} crashed; peers registered with it will find it unreachable`);
  if (e.reason === 'failed' && e.message) ctx.notice('error', `${e.role} ${e.node} failed: ${e.message}`);
  model.removeNode(e.node);
}

/** Marks a node reported dead, unless it is a local node that in fact still runs. */
function markDead(id: string, ctx: LocalEventContext): void {
  const n = ctx.model.node(id);
  if (!n || n.life === 'dead' || ctx.isRunningLocal(id)) return;
  ctx.model.setLife(id, 'dead');
}
