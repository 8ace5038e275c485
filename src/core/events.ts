/**
 * Everything a node does that an observer may draw, as one discriminated union on `type`.
 * Node references are address keys (`addrKey`: `127.0.0.1:4000`, `[::1]:4000`); `at` is the
 * emitting node's clock in ms since the epoch.
 */
import type { PeerEntry } from './protocol/messages';

/** Whether a node is a seed or a peer. */
export type NodeRole = 'seed' | 'peer';

/** Why a node went down. `killed` is a crash: sockets destroyed, no goodbye. */
export type DownReason = 'stopped' | 'killed' | 'failed';

/** Why a link went away. */
export type LinkDownReason = 'bye' | 'dead' | 'stopped' | 'killed' | 'rejected';

/** One thing that happened at a node. */
export type NodeEvent =
  | { type: 'node-up'; at: number; node: string; role: NodeRole }
  | { type: 'node-down'; at: number; node: string; role: NodeRole; reason: DownReason; message?: string }
  /** A peer registered with one seed (emitted by the peer). */
  | { type: 'registered'; at: number; node: string; seed: string }
  /** A peer could not register or join: why. */
  | { type: 'join-failed'; at: number; node: string; message: string }
  /** A peer received a seed's full peer list (all pages). */
  | { type: 'peer-list'; at: number; node: string; seed: string; peers: PeerEntry[] }
  /** A peer finished joining: registered, neighbours dialled, degree reported. */
  | { type: 'joined'; at: number; node: string; seeds: string[]; neighbours: string[] }
  /** A neighbour link came up at `node`; `initiator` is true when `node` dialled it. */
  | { type: 'link-up'; at: number; node: string; neighbour: string; initiator: boolean }
  | { type: 'link-down'; at: number; node: string; neighbour: string; reason: LinkDownReason }
  /** `node`'s degree changed. */
  | { type: 'degree'; at: number; node: string; degree: number }
  /** `node` created gossip message number `seq`; `id` is its hash (the Message List key). */
  | { type: 'gossip-generated'; at: number; node: string; id: string; text: string; seq: number; forwarded: number }
  /** `node` received message `id` for the first time from neighbour `from`. */
  | {
      type: 'gossip-received';
      at: number;
      node: string;
      id: string;
      from: string;
      origin: string;
      /** Links crossed from the origin, ≥ 1. */
      hops: number;
      /** `at` minus the origin's `createdAt`, in ms (same clock only when both share a host). */
      latencyMs: number;
      /** How many neighbours it was forwarded to. */
      forwarded: number;
    }
  /** A liveness request to `neighbour` went unanswered; `misses` consecutive so far. */
  | { type: 'liveness-missed'; at: number; node: string; neighbour: string; misses: number }
  /** The swim detector at `node` suspects `neighbour` (no ack directly or indirectly); `incarnation` is the last it heard. */
  | { type: 'suspect'; at: number; node: string; neighbour: string; incarnation: number }
  /** `neighbour` answered while suspected at `node`, with `incarnation`: the suspicion ended. */
  | { type: 'suspicion-refuted'; at: number; node: string; neighbour: string; incarnation: number }
  /** `node` declared `dead` dead and reported it to its seeds with the `report` line. */
  | { type: 'dead-node-reported'; at: number; node: string; dead: string; seeds: string[]; report: string }
  /** A seed added a peer to its list (emitted by the seed). */
  | { type: 'peer-registered'; at: number; node: string; peer: string }
  /** A seed removed a peer: reported dead, or it left. */
  | { type: 'peer-removed'; at: number; node: string; peer: string; reason: 'dead' | 'left'; reporter?: string }
  /** A seed refused a dead-node report about `peer` from `reporter`: `why` (its own probe reached the peer, the reporter is not registered, …). */
  | { type: 'report-refused'; at: number; node: string; peer: string; reporter: string; why: string }
  /** A seed applied a peer's degree update. */
  | { type: 'peer-degree'; at: number; node: string; peer: string; degree: number }
  /** `node` received something invalid from `remote` and answered `code`. */
  | { type: 'protocol-error'; at: number; node: string; remote: string; code: string; message: string };

/** The `type` of a {@link NodeEvent}. */
export type NodeEventType = NodeEvent['type'];

/** A function that receives events. */
export type EventListener = (event: NodeEvent) => void;

/**
 * A minimal typed event source: `on` adds a listener and returns the function that removes it.
 * A listener that throws is isolated from the node and from the other listeners.
 */
export class EventSource {
  private listeners = new Set<EventListener>();

  /** Adds a listener; returns its unsubscribe function. */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an event to every listener. */
  protected emit(event: NodeEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        console.error('event listener failed:', e);
      }
    }
  }
}
